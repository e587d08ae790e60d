namespace CacheSync.Core.Storage;

/// <summary>A record as the store holds it. A deleted record is a tombstone: its version, no data.</summary>
public sealed record StoredRecord(string Key, long Version, string? DataJson, bool IsDeleted);
