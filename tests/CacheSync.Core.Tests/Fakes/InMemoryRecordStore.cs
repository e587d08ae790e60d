using CacheSync.Core.Storage;

namespace CacheSync.Core.Tests.Fakes;

/// <summary>
/// A record store in memory with the real fence: a write applies only when newer, an equal version is
/// already current, an older one is stale, and a delete leaves a tombstone. It can be told to fail.
/// </summary>
internal sealed class InMemoryRecordStore : IRecordStore
{
    private readonly Dictionary<(string Table, string Key), StoredRecord> _records = [];

    /// <summary>Every write that reached the store, failed ones included: "upsert table/key@version" or "delete table/key@version".</summary>
    public List<string> Writes { get; } = [];

    public List<string> Reads { get; } = [];

    /// <summary>How many of the next writes throw <see cref="FailureToThrow"/> before writes succeed again.</summary>
    public int FailuresBeforeSuccess { get; set; }

    public bool AlwaysFail { get; set; }

    public Exception FailureToThrow { get; set; } = new IOException("the store is unavailable");

    public int FailedWrites { get; private set; }

    private readonly Dictionary<(string Table, string Key), string?> _replacedData = [];

    /// <summary>Runs on each injected failure, before it is thrown.</summary>
    public Action? OnFailure { get; set; }

    public StoredRecord? Get(string table, string key) => _records.GetValueOrDefault((table, key));

    /// <summary>Puts a record in place without going through the fence, as if an earlier run had written it.</summary>
    public void Seed(string table, StoredRecord record) => _records[(table, record.Key)] = record;

    public Task<StoreWriteResult> UpsertAsync(string table, string key, long version, string dataJson, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Writes.Add($"upsert {table}/{key}@{version}");
        FailIfAsked();
        return Task.FromResult(Write(table, new StoredRecord(key, version, dataJson, IsDeleted: false)));
    }

    public Task<StoreWriteResult> DeleteAsync(string table, string key, long version, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Writes.Add($"delete {table}/{key}@{version}");
        FailIfAsked();
        return Task.FromResult(Write(table, new StoredRecord(key, version, DataJson: null, IsDeleted: true)));
    }

    public Task<StoredRecord?> ReadAsync(string table, string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Reads.Add($"{table}/{key}");
        return Task.FromResult(Get(table, key));
    }

    private StoreWriteResult Write(string table, StoredRecord record)
    {
        var current = Get(table, record.Key);
        if (current is not null && current.Version > record.Version) return new StoreWriteResult(StoreWriteOutcome.Stale, current);
        if (current is not null && current.Version == record.Version)
        {
            // Like the SQLite store, hand back what the current version replaced.
            return new StoreWriteResult(StoreWriteOutcome.AlreadyCurrent,
                current with { ReplacedDataJson = _replacedData.GetValueOrDefault((table, record.Key)) });
        }

        _records[(table, record.Key)] = record;
        _replacedData[(table, record.Key)] = current is { IsDeleted: false } ? current.DataJson : null;
        return new StoreWriteResult(StoreWriteOutcome.Applied, current);
    }

    private void FailIfAsked()
    {
        if (AlwaysFail || FailuresBeforeSuccess > 0)
        {
            if (FailuresBeforeSuccess > 0) FailuresBeforeSuccess--;
            FailedWrites++;
            OnFailure?.Invoke();
            throw FailureToThrow;
        }
    }
}
