namespace CacheSync.Reader;

/// <summary>A live record as a reader got it: its version, its data as JSON, and whether Redis or the store answered.</summary>
public sealed record CachedRecord(long Version, string DataJson, RecordSource Source);
