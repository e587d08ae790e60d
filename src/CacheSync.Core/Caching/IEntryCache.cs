namespace CacheSync.Core.Caching;

/// <summary>
/// The cache (Redis), fenced by version: every operation is one atomic compare-and-set, so redeliveries and
/// out-of-order writes can never leave an older value behind a newer one.
/// </summary>
public interface IEntryCache
{
    /// <summary>Write-through: stores the value unless the cache already holds this version or a newer one.</summary>
    Task<CacheWriteOutcome> SetIfNewerAsync(string key, long version, string dataJson, TimeSpan? ttl, CancellationToken cancellationToken);

    /// <summary>
    /// Write-around and delete: replaces the entry with a short-lived tombstone at this version, unless the cache
    /// already holds this version or a newer one. The tombstone refuses later fills of older data.
    /// </summary>
    Task<CacheWriteOutcome> InvalidateAsync(string key, long version, InvalidationKind kind, CancellationToken cancellationToken);

    /// <summary>
    /// Invalidates a dependent key (a list or aggregate derived from many records, or a key a producer linked).
    /// Unconditional, since an invalidation is always safe, but the entry keeps its own version: the writer's
    /// version belongs to another record and must not fence this key's own writes.
    /// </summary>
    Task InvalidateDependentAsync(string key, long version, CancellationToken cancellationToken);
}
