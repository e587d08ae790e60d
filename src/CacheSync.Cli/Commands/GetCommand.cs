using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CacheSync.Core.Policies;
using CacheSync.Core.Storage;
using CacheSync.Redis;
using CacheSync.Stores.Cassandra;
using CacheSync.Stores.Cassandra.Cql;
using CacheSync.Stores.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;
using StackExchange.Redis;

namespace CacheSync.Cli.Commands;

/// <summary>
/// <c>cachesync get &lt;entity&gt; &lt;key&gt;</c>: the cache entry and the store record side by side, and whether they
/// agree, by the entity's policy (cache key template and table) from the worker's configuration.
/// </summary>
internal static class GetCommand
{
    public static Command Create(GlobalOptions global, CliOutput output)
    {
        var entity = new Argument<string>("entity") { Description = "The entity, as configured under CacheSync:Entities." };
        var key = new Argument<string>("key") { Description = "The record's key." };
        var sqlite = new Option<string?>("--sqlite") { Description = "The SQLite file (default: CacheSync:Sqlite:Path, relative to the current directory)." };
        var command = new Command("get", "Show a record's cache entry and store record side by side, and whether they agree.");
        command.Arguments.Add(entity);
        command.Arguments.Add(key);
        command.Options.Add(sqlite);
        command.SetAction(async (parse, ct) =>
        {
            var settings = global.Settings(parse);
            var name = parse.GetValue(entity)!;
            var recordKey = parse.GetValue(key)!;
            if (!settings.Policies().TryGet(name, out var policy))
            {
                throw new CliException(ExitCodes.NotFound, $"no policy for entity '{name}' in the configuration (CacheSync:Entities).");
            }

            var cacheKey = policy.CacheKey.Render(name, recordKey, 0, null)
                ?? throw new CliException(ExitCodes.Usage, $"the key '{recordKey}' cannot fill the cache key template '{policy.CacheKey}'.");
            var cached = await ReadCacheAsync(settings, cacheKey).ConfigureAwait(false);
            var stored = await ReadStoreAsync(settings, parse.GetValue(sqlite), policy, recordKey, ct).ConfigureAwait(false);

            var table = new Table().AddColumn("").AddColumn($"cache ({Markup.Escape(cacheKey)})").AddColumn($"store ({Markup.Escape(stored.Where)})");
            table.AddRow("state", cached is null ? "absent" : cached.State.ToString().ToLowerInvariant(), stored.Record is null ? "absent" : stored.Record.IsDeleted ? "deleted" : "live");
            table.AddRow("version", cached?.Version.ToString(CultureInfo.InvariantCulture) ?? "-", stored.Record?.Version.ToString(CultureInfo.InvariantCulture) ?? "-");
            table.AddRow("ttl", cached?.TimeToLive is { } ttl ? $"{(long)ttl.TotalSeconds} s" : cached is null ? "-" : "none", "-");
            table.AddRow("data", Markup.Escape(cached?.DataJson ?? "-"), Markup.Escape(stored.Record?.DataJson ?? "-"));
            output.Console.Write(table);
            output.Line(Verdict(cached, stored.Record));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>What an operator should make of the pair.</summary>
    internal static string Verdict(CacheEntry? cached, StoredRecord? stored) => (cached, stored) switch
    {
        (null, null) => "agree: neither holds the record",
        (null, _) => "agree: the cache holds nothing; readers fill it from the store",
        ({ State: CacheEntryState.Live } c, { IsDeleted: false } s) when c.Version == s.Version && SameJson(c.DataJson, s.DataJson) => "agree: same version and data",
        ({ State: CacheEntryState.Live } c, { IsDeleted: false } s) when c.Version == s.Version => "DISAGREE: same version, different data",
        ({ State: CacheEntryState.Live } c, { } s) when c.Version < s.Version => "DISAGREE: the cache is behind the store (it will be corrected by the next write, its TTL, or a replay)",
        ({ State: CacheEntryState.Live } c, { } s) when c.Version > s.Version => "DISAGREE: the cache is ahead of the store",
        ({ State: CacheEntryState.Live }, null) => "DISAGREE: the cache holds a record the store does not",
        ({ State: CacheEntryState.Live }, { IsDeleted: true }) => "DISAGREE: the cache holds a record the store deleted",
        ({ } c, { } s) when c.Version >= s.Version => "agree: the cache holds a tombstone at or after the store's version; readers fill from the store",
        ({ } c, { } s) => "agree: the cache holds an older tombstone; readers fill from the store",
        _ => "agree: the cache holds a tombstone; the store has no record",
    };

    private static bool SameJson(string? a, string? b)
    {
        if (a == b) return true;
        if (a is null || b is null) return false;
        try
        {
            using var left = JsonDocument.Parse(a);
            using var right = JsonDocument.Parse(b);
            return JsonElement.DeepEquals(left.RootElement, right.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<CacheEntry?> ReadCacheAsync(CliSettings settings, string cacheKey)
    {
        ConnectionMultiplexer redis;
        try
        {
            var options = ConfigurationOptions.Parse(settings.Redis);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 5000;
            redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisConnectionException or ArgumentException)
        {
            throw new CliException(ExitCodes.StoreUnavailable, $"cannot reach Redis ({e.Message}).", e);
        }

        await using (redis.ConfigureAwait(false))
        {
            var cache = new RedisEntryCache(redis, Options.Create(new RedisCacheOptions { Configuration = settings.Redis }));
            return await cache.ReadAsync(cacheKey, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<(StoredRecord? Record, string Where)> ReadStoreAsync(CliSettings settings, string? sqlitePath, EntityPolicy policy, string key, CancellationToken ct)
    {
        var store = settings.Configuration["CacheSync:Store"];
        if (string.Equals(store, "Cassandra", StringComparison.OrdinalIgnoreCase))
        {
            var options = new CassandraStoreOptions();
            settings.Configuration.GetSection(CassandraStoreOptions.SectionName).Bind(options);
            if (options.Validate().FirstOrDefault() is { } error) throw new CliException(ExitCodes.Usage, $"invalid configuration: {error}");
            await using var session = new CqlSession(CassandraServiceCollectionExtensions.SessionOptions(options));
            var records = new CassandraRecordStore(session, Options.Create(options), NullLogger<CassandraRecordStore>.Instance);
            try
            {
                return (await records.ReadAsync(policy.Table, key, ct).ConfigureAwait(false), $"Cassandra {options.Keyspace}.{policy.Table}");
            }
            catch (Exception e) when (e is CqlConnectionException or CqlRequestTimeoutException or CqlServerException or CqlAuthenticationException)
            {
                throw new CliException(ExitCodes.StoreUnavailable, $"Cassandra: {e.Message}", e);
            }
        }

        var path = Path.GetFullPath(sqlitePath ?? settings.Configuration["CacheSync:Sqlite:Path"] ?? "data/cachesync.db");
        if (!File.Exists(path)) throw new CliException(ExitCodes.StoreUnavailable, $"the SQLite store '{path}' does not exist (give --sqlite PATH).");
        using var sqlite = new SqliteRecordStore(Options.Create(new SqliteStoreOptions { Path = path }));
        return (await sqlite.ReadAsync(policy.Table, key, ct).ConfigureAwait(false), $"SQLite {policy.Table}");
    }
}
