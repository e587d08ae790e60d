namespace CacheSync.Core.Storage;

/// <summary>
/// The system of record (SQLite, Cassandra). Every write is fenced by version: a write older than what the
/// store holds changes nothing, and a delete leaves a tombstone so a late, older upsert cannot resurrect the record.
/// </summary>
public interface IRecordStore
{
    Task<StoreWriteResult> UpsertAsync(string table, string key, long version, string dataJson, CancellationToken cancellationToken);

    Task<StoreWriteResult> DeleteAsync(string table, string key, long version, CancellationToken cancellationToken);

    /// <summary>The record with its version, a tombstone, or null when the store never saw the key.</summary>
    Task<StoredRecord?> ReadAsync(string table, string key, CancellationToken cancellationToken);
}
