namespace CacheSync.Redis;

/// <summary>A cache entry as Redis holds it (see README "Cache entry format").</summary>
public sealed record CacheEntry(long Version, CacheEntryState State, string? DataJson, TimeSpan? TimeToLive);
