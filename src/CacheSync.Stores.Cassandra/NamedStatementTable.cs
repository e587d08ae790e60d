using System.Text.Json;
using CacheSync.Core.Storage;
using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra;

/// <summary>
/// An entity stored by its own CQL (the statements the event service runs), configured per table. Several upsert
/// statements run as one logged batch, so a record and its lookup tables change together or not at all.
/// </summary>
internal sealed class NamedStatementTable : IRecordTable
{
    private readonly CqlSession _session;
    private readonly QueryParameters _parameters;
    private readonly Consistency _serialConsistency;
    private readonly NamedStatement[] _upserts;
    private readonly NamedStatement[] _deletes;
    private readonly NamedStatement _read;

    public NamedStatementTable(CqlSession session, CassandraStatementOptions options, QueryParameters parameters, Consistency serialConsistency)
    {
        _session = session;
        _parameters = parameters;
        _serialConsistency = serialConsistency;
        _upserts = options.Upsert.Select(s => NamedStatement.Parse(s, NamedStatementKind.Write)).ToArray();
        _deletes = options.Delete.Select(s => NamedStatement.Parse(s, NamedStatementKind.Delete)).ToArray();
        _read = NamedStatement.Parse(options.Read!, NamedStatementKind.Read);
    }

    /// <summary>A named delete is the application's own DELETE: nothing of the record is left to read.</summary>
    public bool DeletesLeaveNoRow => true;

    public async Task<StoredRecord?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var statement = await PrepareAsync(_read, NamedStatementKind.Read, cancellationToken).ConfigureAwait(false);
        var values = EventValueBinder.Bind(_read, statement, key, version: 0, data: null);
        var answer = await _session.ExecuteAsync(statement, _parameters with { Values = values }, cancellationToken).ConfigureAwait(false);
        if (answer is not RowsResult { Rows: [var row, ..] }) return null;

        // WRITETIME of a column the last write left unset is null; the row exists all the same, at an unknown
        // version, which counts as the oldest.
        var version = row["version"] as long? ?? 0;
        return new StoredRecord(key, version, RowJson.ToJson(row, skipColumn: "version"), IsDeleted: false);
    }

    public async Task WriteAsync(string key, long version, string? dataJson, string? replacedDataJson, CancellationToken cancellationToken)
    {
        using var document = dataJson is null ? null : JsonDocument.Parse(dataJson);
        var data = document?.RootElement;
        var (statements, kind) = dataJson is null ? (_deletes, NamedStatementKind.Delete) : (_upserts, NamedStatementKind.Write);
        var bound = new List<BatchEntry>(statements.Length);
        foreach (var named in statements)
        {
            var prepared = await PrepareAsync(named, kind, cancellationToken).ConfigureAwait(false);
            bound.Add(BatchEntry.Of(prepared, EventValueBinder.Bind(named, prepared, key, version, data)));
        }

        if (bound.Count == 1)
        {
            await _session.ExecuteAsync(bound[0].Prepared!, _parameters with { Values = bound[0].Values }, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _session.BatchAsync(BatchType.Logged, bound, _parameters.Consistency, _serialConsistency, timestamp: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Prepares a statement and checks it against the cluster's description of it. A mismatch is a configuration
    /// problem, not the event's: it fails as a transient error, so the worker pauses instead of dead-lettering.
    /// </summary>
    private async Task<PreparedStatement> PrepareAsync(NamedStatement statement, NamedStatementKind kind, CancellationToken cancellationToken)
    {
        var prepared = await _session.PrepareAsync(statement.Cql, cancellationToken).ConfigureAwait(false);
        var problems = NamedStatementVerifier.Problems(statement, kind, prepared).ToList();
        if (problems.Count > 0) throw new InvalidOperationException($"The named statement '{statement}' {string.Join(" ", problems)}");
        return prepared;
    }
}
