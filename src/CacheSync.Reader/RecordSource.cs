namespace CacheSync.Reader;

/// <summary>Where a <see cref="CachedRecord"/> was read.</summary>
public enum RecordSource
{
    /// <summary>A live Redis entry.</summary>
    Cache,

    /// <summary>The record store, after a miss or a tombstone in Redis.</summary>
    Store,
}
