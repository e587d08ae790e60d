using System.Globalization;
using CacheSync.Core.Caching;
using CacheSync.Core.Storage;
using CacheSync.Redis;
using CacheSync.Stores.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NUnit.Framework.Constraints;
using StackExchange.Redis;

namespace CacheSync.Reader.Tests;

/// <summary>
/// Each test gets the reader as an application would build it (<c>AddCacheSyncReader</c> + <c>AddCacheSyncSqliteStore</c>),
/// on the real Redis with cache keys under a prefix of its own, and a SQLite file of its own. The store is wrapped in
/// a <see cref="CountingRecordStore"/>. The "worker" here is the same ports the worker uses: fenced store writes,
/// then the Redis fence scripts.
/// </summary>
public abstract class ReaderTestBase
{
    protected const string UserModel = "user_model";     // write-through, Ttl 1 h
    protected const string AuditEntry = "audit_entry";   // write-around, Ttl 10 min
    protected const string Session = "session";          // no Ttl
    protected static readonly TimeSpan UserModelTtl = TimeSpan.FromHours(1);
    protected static readonly TimeSpan AuditEntryTtl = TimeSpan.FromMinutes(10);

    private string _directory = "";

    protected string Prefix { get; private set; } = "";

    protected ServiceProvider Services { get; private set; } = null!;

    protected ICacheReader Reader => Services.GetRequiredService<ICacheReader>();

    protected CountingRecordStore Store => Services.GetRequiredService<CountingRecordStore>();

    protected RedisEntryCache Cache => Services.GetRequiredService<RedisEntryCache>();

    protected static IDatabase Db => RedisServer.Connection.GetDatabase();

    protected static CancellationToken None => CancellationToken.None;

    [SetUp]
    public async Task CreateReaderAsync()
    {
        Prefix = $"cachesync-test:{Guid.NewGuid():N}:";
        _directory = Path.Combine(Path.GetTempPath(), $"cachesync-reader-{Guid.NewGuid():N}");
        Services = await BuildServicesAsync(Settings());
    }

    [TearDown]
    public async Task CleanUpAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        foreach (var server in RedisServer.Connection.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: Prefix + "*"))
            {
                await Db.KeyDeleteAsync(key);
            }
        }
    }

    /// <summary>Rebuilds this test's container with some settings changed (the same Redis prefix and SQLite file).</summary>
    protected async Task RebuildAsync(Action<Dictionary<string, string?>> change)
    {
        await Services.DisposeAsync();
        var settings = Settings();
        change(settings);
        Services = await BuildServicesAsync(settings);
    }

    /// <summary>The configuration of this test's reader.</summary>
    protected Dictionary<string, string?> Settings() => new(StringComparer.Ordinal)
    {
        ["CacheSync:Redis:Configuration"] = RedisServer.ConnectionString,
        ["CacheSync:Sqlite:Path"] = Path.Combine(_directory, "records.db"),
        [$"CacheSync:Entities:{UserModel}:Strategy"] = "WriteThrough",
        [$"CacheSync:Entities:{UserModel}:CacheKey"] = Prefix + "user_model:{key}",
        [$"CacheSync:Entities:{UserModel}:Ttl"] = "01:00:00",
        [$"CacheSync:Entities:{AuditEntry}:Strategy"] = "WriteAround",
        [$"CacheSync:Entities:{AuditEntry}:CacheKey"] = Prefix + "{entity}:{key}",
        [$"CacheSync:Entities:{AuditEntry}:Ttl"] = "00:10:00",
        [$"CacheSync:Entities:{Session}:CacheKey"] = Prefix + "session:{key}",
        [$"CacheSync:Entities:{Session}:Table"] = "sessions",
    };

    /// <summary>
    /// Builds the container the way an application does, then does what its host does on start: validates the
    /// options and starts the hosted services (the reader's warm-up).
    /// </summary>
    protected static async Task<ServiceProvider> BuildServicesAsync(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddCacheSyncReader(configuration)
            .AddCacheSyncSqliteStore(configuration);
        services.AddSingleton(sp => new CountingRecordStore(sp.GetRequiredService<SqliteRecordStore>()));
        services.AddSingleton<IRecordStore>(sp => sp.GetRequiredService<CountingRecordStore>());
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            foreach (var hosted in provider.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    protected string CacheKey(string entity, string key) => entity switch
    {
        UserModel => $"{Prefix}user_model:{key}",
        AuditEntry => $"{Prefix}audit_entry:{key}",
        Session => $"{Prefix}session:{key}",
        _ => throw new ArgumentOutOfRangeException(nameof(entity)),
    };

    protected static string Table(string entity) => entity == Session ? "sessions" : entity;

    protected static string Data(string key, long version) => $$"""{"id":"{{key}}","version":{{version}}}""";

    // The worker's three rules, as EventProcessor applies them: the store first, then the cache only if the store took it.

    protected async Task WriteThroughAsync(string entity, string key, long version)
    {
        var stored = await Store.UpsertAsync(Table(entity), key, version, Data(key, version), None);
        Assert.That(stored.Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        await Cache.SetIfNewerAsync(CacheKey(entity, key), version, Data(key, version), TtlOf(entity), None);
    }

    protected async Task WriteAroundAsync(string entity, string key, long version)
    {
        var stored = await Store.UpsertAsync(Table(entity), key, version, Data(key, version), None);
        Assert.That(stored.Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        await Cache.InvalidateAsync(CacheKey(entity, key), version, InvalidationKind.Invalidated, None);
    }

    protected async Task DeleteAsync(string entity, string key, long version)
    {
        var stored = await Store.DeleteAsync(Table(entity), key, version, None);
        Assert.That(stored.Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        await Cache.InvalidateAsync(CacheKey(entity, key), version, InvalidationKind.Deleted, None);
    }

    /// <summary>A row in the store only, as after an eviction or a Redis flush.</summary>
    protected async Task StoreOnlyAsync(string entity, string key, long version) =>
        await Store.UpsertAsync(Table(entity), key, version, Data(key, version), None);

    protected static TimeSpan? TtlOf(string entity) => entity switch
    {
        UserModel => UserModelTtl,
        AuditEntry => AuditEntryTtl,
        _ => null,
    };

    /// <summary>The entry's hash fields as Redis holds them (empty when there is no key).</summary>
    protected static async Task<Dictionary<string, string>> RawAsync(string key)
    {
        var fields = await Db.HashGetAllAsync(key);
        return fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
    }

    protected static Task<TimeSpan?> TtlAsync(string key) => Db.KeyTimeToLiveAsync(key);

    protected static Dictionary<string, string> LiveFields(string key, long version) => new(StringComparer.Ordinal)
    {
        ["version"] = version.ToString(CultureInfo.InvariantCulture),
        ["state"] = "live",
        ["data"] = Data(key, version),
    };

    protected static Dictionary<string, string> TombstoneFields(long version, string state) => new(StringComparer.Ordinal)
    {
        ["version"] = version.ToString(CultureInfo.InvariantCulture),
        ["state"] = state,
    };

    protected static CachedRecord FromCache(string key, long version) => new(version, Data(key, version), RecordSource.Cache);

    protected static CachedRecord FromStore(string key, long version) => new(version, Data(key, version), RecordSource.Store);

    /// <summary>The TTL is set and no longer than <paramref name="configured"/>, nor much shorter (the test is quick).</summary>
    protected static IResolveConstraint AboutTtl(TimeSpan configured) =>
        Is.Not.Null.And.InRange(configured - TimeSpan.FromSeconds(10), configured);
}
