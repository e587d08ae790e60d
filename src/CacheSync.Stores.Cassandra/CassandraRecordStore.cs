using System.Collections.Concurrent;
using CacheSync.Core.Storage;
using CacheSync.Stores.Cassandra.Cql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CacheSync.Stores.Cassandra;

/// <summary>
/// The production record store on Cassandra. Every write carries the event's version as its cell timestamp
/// (<c>USING TIMESTAMP</c>), so duplicates and reordering converge on the newest version in every replica without
/// lightweight transactions. The record is read first (at the same consistency) to tell the processor what the
/// write replaced and whether it was stale; two writers racing on one key may both hear "applied", which is safe:
/// the cell timestamps decide the store, and the cache's own version fence decides Redis.
/// </summary>
public sealed class CassandraRecordStore : IRecordStore
{
    private readonly CqlSession _session;
    private readonly CassandraStoreOptions _options;
    private readonly QueryParameters _parameters;
    private readonly ILogger<CassandraRecordStore> _logger;
    private readonly ConcurrentDictionary<string, Lazy<IRecordTable>> _tables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _schemaReady = new(StringComparer.Ordinal);

    public CassandraRecordStore(CqlSession session, IOptions<CassandraStoreOptions> options, ILogger<CassandraRecordStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _session = session;
        _options = options.Value;
        _logger = logger;
        _parameters = new QueryParameters(_options.ParsedConsistency, SerialConsistency: _options.ParsedSerialConsistency);
    }

    public async Task<StoreWriteResult> UpsertAsync(string table, string key, long version, string dataJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataJson);
        return await WriteAsync(table, key, version, dataJson, cancellationToken).ConfigureAwait(false);
    }

    public Task<StoreWriteResult> DeleteAsync(string table, string key, long version, CancellationToken cancellationToken) =>
        WriteAsync(table, key, version, dataJson: null, cancellationToken);

    public async Task<StoredRecord?> ReadAsync(string table, string key, CancellationToken cancellationToken)
    {
        var records = await TableAsync(table, cancellationToken).ConfigureAwait(false);
        return await records.ReadAsync(key, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StoreWriteResult> WriteAsync(string table, string key, long version, string? dataJson, CancellationToken ct)
    {
        var records = await TableAsync(table, ct).ConfigureAwait(false);
        var previous = await records.ReadAsync(key, ct).ConfigureAwait(false);
        if (previous is not null && previous.Version > version) return new StoreWriteResult(StoreWriteOutcome.Stale, previous);
        if (previous is not null && previous.Version == version) return new StoreWriteResult(StoreWriteOutcome.AlreadyCurrent, previous);

        var replaced = previous is { IsDeleted: false } ? previous.DataJson : null;
        await records.WriteAsync(key, version, dataJson, replaced, ct).ConfigureAwait(false);

        // Named statements delete rows outright, so "no record" may mean a newer delete: if the write did not
        // take, Cassandra kept the newer tombstone and this event is stale, not applied.
        if (previous is null && dataJson is not null && records.DeletesLeaveNoRow)
        {
            var after = await records.ReadAsync(key, ct).ConfigureAwait(false);
            if (after is null || after.Version > version) return new StoreWriteResult(StoreWriteOutcome.Stale, previous);
        }

        return new StoreWriteResult(StoreWriteOutcome.Applied, previous);
    }

    private async Task<IRecordTable> TableAsync(string table, CancellationToken ct)
    {
        var records = _tables.GetOrAdd(table, name => new Lazy<IRecordTable>(() => _options.Statements.TryGetValue(name, out var statements)
            ? new NamedStatementTable(_session, statements, _parameters, _options.ParsedSerialConsistency)
            : new RecordTable(_session, _options.Keyspace, name, _parameters))).Value;
        if (_options.CreateSchema && records is RecordTable) await EnsureSchemaAsync(table, ct).ConfigureAwait(false);
        return records;
    }

    /// <summary>Creates the keyspace and table once per process, on first use; a failure is retried by the next caller.</summary>
    private async Task EnsureSchemaAsync(string table, CancellationToken ct)
    {
        var ready = _schemaReady.GetOrAdd(table, t => CassandraSchema.CreateAsync(_session, _options, [t], _logger, CancellationToken.None));
        try
        {
            await ready.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception) when (ready.IsFaulted)
        {
            _schemaReady.TryRemove(new KeyValuePair<string, Task>(table, ready));
            throw;
        }
    }
}
