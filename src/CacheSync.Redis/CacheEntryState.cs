namespace CacheSync.Redis;

/// <summary>The <c>state</c> field of a cache entry.</summary>
public enum CacheEntryState
{
    /// <summary><c>live</c>: <c>data</c> holds the record at <c>version</c>.</summary>
    Live,

    /// <summary><c>invalidated</c>: a write-around tombstone; read the store, and fill at this version or newer.</summary>
    Invalidated,

    /// <summary><c>deleted</c>: the record was deleted at <c>version</c>.</summary>
    Deleted,
}
