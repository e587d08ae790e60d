using System.Globalization;
using CacheSync.Core.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CacheSync.Redis;

/// <summary>The version-fenced cache on Redis: each operation is one Lua script on one key.</summary>
public sealed class RedisEntryCache : IEntryCache
{
    private static readonly RedisValue[] EntryFields = ["version", "state", "data"];

    private readonly IConnectionMultiplexer _redis;
    private readonly LuaScripts _scripts = new();
    private readonly RedisCacheOptions _options;

    public RedisEntryCache(IConnectionMultiplexer redis, IOptions<RedisCacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _options = options.Value;
    }

    public Task<CacheWriteOutcome> SetIfNewerAsync(string key, long version, string dataJson, TimeSpan? ttl, CancellationToken cancellationToken) =>
        WriteValueAsync(_scripts.SetIfNewer, key, version, dataJson, ttl, cancellationToken);

    public async Task<CacheWriteOutcome> InvalidateAsync(string key, long version, InvalidationKind kind, CancellationToken cancellationToken)
    {
        var result = await _scripts.Invalidate.EvaluateAsync(Database, new
        {
            key = (RedisKey)key,
            version = Text(version),
            state = kind == InvalidationKind.Deleted ? "deleted" : "invalidated",
            ttl = Milliseconds(_options.TombstoneTtl),
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        return Outcome(result);
    }

    public Task InvalidateDependentAsync(string key, long version, CancellationToken cancellationToken) =>
        _scripts.InvalidateDependent.EvaluateAsync(Database, new
        {
            key = (RedisKey)key,
            version = Text(version),
            ttl = Milliseconds(_options.TombstoneTtl),
        }).WaitAsync(cancellationToken);

    /// <summary>A reader's fill after a miss: refused when it would overwrite a newer value or undo an invalidation.</summary>
    public Task<CacheWriteOutcome> FillIfNotFencedAsync(string key, long version, string dataJson, TimeSpan? ttl, CancellationToken cancellationToken) =>
        WriteValueAsync(_scripts.FillIfNotFenced, key, version, dataJson, ttl, cancellationToken);

    /// <summary>Reads an entry with its remaining time to live, or null when there is none.</summary>
    public async Task<CacheEntry?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var batch = Database.CreateBatch();
        var fields = batch.HashGetAllAsync(key);
        var ttl = batch.KeyTimeToLiveAsync(key);
        batch.Execute();
        var entries = await fields.WaitAsync(cancellationToken).ConfigureAwait(false);
        var timeToLive = await ttl.WaitAsync(cancellationToken).ConfigureAwait(false);
        return CacheEntryFormat.Parse(entries, timeToLive);
    }

    /// <summary>
    /// Reads many entries in one round trip (one pipelined <c>HMGET version state data</c> per key), in the order of
    /// <paramref name="keys"/>: null where there is no entry. Their <see cref="CacheEntry.TimeToLive"/> is not read
    /// and is null. A pipeline of single-key commands, rather than one script over all keys, keeps Redis Cluster
    /// able to route each key to its own node.
    /// </summary>
    public async Task<IReadOnlyList<CacheEntry?>> ReadManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0) return [];
        var batch = Database.CreateBatch();
        var reads = new Task<RedisValue[]>[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            reads[i] = batch.HashGetAsync(keys[i], EntryFields);
        }

        batch.Execute();
        var entries = new CacheEntry?[keys.Count];
        for (var i = 0; i < reads.Length; i++)
        {
            // A key holding another Redis type, or a hash that is not an entry, is a miss for that key alone:
            // one odd key must not fail the whole read.
            try
            {
                var values = await reads[i].WaitAsync(cancellationToken).ConfigureAwait(false);
                entries[i] = CacheEntryFormat.Parse(values[0], values[1], values[2], timeToLive: null);
            }
            catch (Exception e) when (e is RedisServerException or FormatException)
            {
                entries[i] = null;
            }
        }

        return entries;
    }

    private IDatabase Database => _redis.GetDatabase();

    /// <summary>Runs a script that writes a live value (its fence rule is the script's own).</summary>
    private async Task<CacheWriteOutcome> WriteValueAsync(LuaScript script, string key, long version, string dataJson, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var result = await script.EvaluateAsync(Database, new
        {
            key = (RedisKey)key,
            version = Text(version),
            data = dataJson,
            ttl = Milliseconds(ttl),
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        return Outcome(result);
    }

    private static string Text(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static long Milliseconds(TimeSpan? span) => span is { } s ? Math.Max(1, (long)s.TotalMilliseconds) : 0;

    private static CacheWriteOutcome Outcome(RedisResult result) => (long)result == 1 ? CacheWriteOutcome.Written : CacheWriteOutcome.Fenced;
}
