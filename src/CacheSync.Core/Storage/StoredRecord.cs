namespace CacheSync.Core.Storage;

/// <summary>A record as the store holds it. A deleted record is a tombstone: its version, no data.</summary>
public sealed record StoredRecord(string Key, long Version, string? DataJson, bool IsDeleted)
{
    /// <summary>
    /// The data of the live record this version replaced, when the store keeps it (filled only in a write's
    /// <see cref="StoreWriteResult.Previous"/>). A redelivery that finds the store already current uses it to
    /// invalidate the previous owner's dependent keys, which an earlier delivery may not have reached.
    /// </summary>
    public string? ReplacedDataJson { get; init; }
}
