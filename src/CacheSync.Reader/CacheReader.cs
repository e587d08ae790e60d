using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CacheSync.Core.Caching;
using CacheSync.Core.Policies;
using CacheSync.Core.Storage;
using CacheSync.Redis;
using Microsoft.Extensions.Options;

namespace CacheSync.Reader;

/// <summary>
/// Cache-aside reads over the worker's entries (README "Cache entry format"): a <c>live</c> entry is a hit; a miss
/// or a tombstone reads the store and fills Redis with <c>fill_if_not_fenced.lua</c>, never with a plain write.
/// </summary>
public sealed class CacheReader : ICacheReader
{
    private readonly EntityPolicyCatalog _policies;
    private readonly RedisEntryCache _cache;
    private readonly IRecordStore _store;
    private readonly CacheReaderOptions _options;
    private readonly ILogger _logger;
    private readonly SingleFlight<(string Entity, string Key), StoreRead> _storeReads = new();

    public CacheReader(EntityPolicyCatalog policies, RedisEntryCache cache, IRecordStore store, IOptions<CacheReaderOptions> options, ILogger<CacheReader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _policies = policies;
        _cache = cache;
        _store = store;
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task<CachedRecord?> GetAsync(string entity, string key, CancellationToken cancellationToken)
    {
        var policy = Policy(entity);
        CheckKey(key, nameof(key));
        var cacheKey = CacheKey(policy, key);
        var entries = await _cache.ReadManyAsync([cacheKey], cancellationToken).ConfigureAwait(false);
        return Hit(entries[0]) ?? await ReadThroughAsync(policy, key, cacheKey, entries[0], cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, CachedRecord?>> GetManyAsync(
        string entity, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var policy = Policy(entity);
        ArgumentNullException.ThrowIfNull(keys);
        var distinct = keys.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var key in distinct) CheckKey(key, nameof(keys));
        var results = new Dictionary<string, CachedRecord?>(distinct.Length, StringComparer.Ordinal);
        if (distinct.Length == 0) return results;

        var cacheKeys = distinct.Select(key => CacheKey(policy, key)).ToArray();
        var entries = await _cache.ReadManyAsync(cacheKeys, cancellationToken).ConfigureAwait(false);
        var misses = new List<int>();
        for (var i = 0; i < distinct.Length; i++)
        {
            if (Hit(entries[i]) is { } hit) results[distinct[i]] = hit;
            else misses.Add(i);
        }

        if (misses.Count == 0) return results;
        var resolved = new CachedRecord?[distinct.Length];
        await Parallel.ForEachAsync(
            misses,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentStoreReads, CancellationToken = cancellationToken },
            async (i, ct) => resolved[i] = await ReadThroughAsync(policy, distinct[i], cacheKeys[i], entries[i], ct).ConfigureAwait(false))
            .ConfigureAwait(false);
        foreach (var i in misses) results[distinct[i]] = resolved[i];
        return results;
    }

    private EntityPolicy Policy(string entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return _policies.TryGet(entity, out var policy)
            ? policy
            : throw new ArgumentException($"No CacheSync policy names the entity '{entity}' (CacheSync:Entities).", nameof(entity));
    }

    private static void CheckKey(string key, string parameter)
    {
        if (string.IsNullOrEmpty(key)) throw new ArgumentException("A record key must not be null or empty.", parameter);
    }

    // Validation allows only {key} and {entity} in CacheKey, so rendering never needs a version or data.
    private static string CacheKey(EntityPolicy policy, string key) =>
        policy.CacheKey.Render(policy.Entity, key, version: 0, data: null)
        ?? throw new InvalidOperationException($"The cache key of '{policy.Entity}' could not be rendered for '{key}'.");

    private static CachedRecord? Hit(CacheEntry? entry) =>
        entry is { State: CacheEntryState.Live, DataJson: { } data } ? new CachedRecord(entry.Version, data, RecordSource.Cache) : null;

    /// <summary>
    /// Reads the store (shared with concurrent misses of the same record in this process) and fills Redis.
    /// A caller that saw a tombstone at version T knows the store already held T or newer when it looked; if the
    /// read it joined had started before that (and so found an older row), it reads once more, on its own flight,
    /// which then starts after its look and cannot be older. So a reader never answers older than what it saw.
    /// </summary>
    private async Task<CachedRecord?> ReadThroughAsync(EntityPolicy policy, string key, string cacheKey, CacheEntry? seen, CancellationToken cancellationToken)
    {
        var floor = seen?.Version ?? 0;
        var read = await ShareStoreReadAsync(policy, key, cacheKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (read.Version < floor)
        {
            read = await ShareStoreReadAsync(policy, key, cacheKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return read.Record;
    }

    // The shared read runs without any caller's token: one caller giving up must not fail the others waiting on it.
    // Each caller stops waiting on its own token instead; the store's own timeouts bound the read.
    private Task<StoreRead> ShareStoreReadAsync(EntityPolicy policy, string key, string cacheKey) =>
        _storeReads.RunAsync((policy.Entity, key), () => ReadStoreAndFillAsync(policy, key, cacheKey));

    private async Task<StoreRead> ReadStoreAndFillAsync(EntityPolicy policy, string key, string cacheKey)
    {
        var stored = await _store.ReadAsync(policy.Table, key, CancellationToken.None).ConfigureAwait(false);
        if (stored is null) return new StoreRead(0, null);

        // A delete tombstone is not cached by the reader (the fill script writes only live values); the worker's
        // own `deleted` tombstone already answers readers for its TTL.
        if (stored.IsDeleted || stored.DataJson is null) return new StoreRead(stored.Version, null);

        // A refused fill means a newer write or an invalidation reached Redis after our store read. The row is
        // still returned: it was current when read, as if this read had happened just before that write. Reading
        // Redis again instead would find the tombstone and need another store read, with no bound on the retries.
        // The fill is best effort: the store has answered, and a Redis hiccup now must not fail every caller
        // sharing this read. The next reader fills instead.
        try
        {
            _ = await _cache.FillIfNotFencedAsync(cacheKey, stored.Version, stored.DataJson, policy.Ttl, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            _logger.LogWarning("Filling {CacheKey} at v{Version} failed ({Reason}); the record is served from the store", cacheKey, stored.Version, e.Message);
        }

        return new StoreRead(stored.Version, new CachedRecord(stored.Version, stored.DataJson, RecordSource.Store));
    }

    /// <summary>What one store read found: the store's version (0 when it never saw the key) and the live record, if any.</summary>
    private readonly record struct StoreRead(long Version, CachedRecord? Record);
}
