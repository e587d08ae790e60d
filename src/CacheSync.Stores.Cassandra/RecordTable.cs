using CacheSync.Core.Storage;
using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra;

/// <summary>
/// The built-in table of an entity: <c>(key text PRIMARY KEY, version bigint, data text, deleted boolean, replaced_data text)</c>.
/// Upserts and deletes are the same UPDATE … USING TIMESTAMP &lt;version&gt;: a delete is a tombstone row (deleted,
/// no data) rather than a CQL DELETE, so its version stays readable and fences a late, older upsert.
/// </summary>
/// <remarks>
/// Cells written at the same timestamp resolve deterministically in Cassandra (a null cell beats a value, the
/// greater value beats the lesser), so an upsert and a delete of one version converge on the delete everywhere.
/// </remarks>
internal sealed class RecordTable : IRecordTable
{
    private readonly CqlSession _session;
    private readonly QueryParameters _parameters;
    private readonly string _read;
    private readonly string _write;

    public RecordTable(CqlSession session, string keyspace, string table, QueryParameters parameters)
    {
        _session = session;
        _parameters = parameters;
        var name = QualifiedName(keyspace, table);
        _read = $"SELECT version, data, deleted, replaced_data FROM {name} WHERE key = ?";
        _write = $"UPDATE {name} USING TIMESTAMP ? SET version = ?, data = ?, deleted = ?, replaced_data = ? WHERE key = ?";
    }

    public bool DeletesLeaveNoRow => false;

    public static string QualifiedName(string keyspace, string table) => $"\"{keyspace}\".\"{table}\"";

    public static string CreateStatement(string keyspace, string table) =>
        $"CREATE TABLE IF NOT EXISTS {QualifiedName(keyspace, table)} (key text PRIMARY KEY, version bigint, data text, deleted boolean, replaced_data text)";

    public async Task<StoredRecord?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var statement = await _session.PrepareAsync(_read, cancellationToken).ConfigureAwait(false);
        var answer = await _session.ExecuteAsync(statement, _parameters with { Values = statement.Bind(key) }, cancellationToken).ConfigureAwait(false);
        if (answer is not RowsResult { Rows: [var row, ..] } || row["version"] is not long version) return null;
        return new StoredRecord(key, version, row.Get<string>("data"), row.Get<bool>("deleted"))
        {
            ReplacedDataJson = row.Get<string>("replaced_data"),
        };
    }

    public async Task WriteAsync(string key, long version, string? dataJson, string? replacedDataJson, CancellationToken cancellationToken)
    {
        var statement = await _session.PrepareAsync(_write, cancellationToken).ConfigureAwait(false);
        var values = statement.Bind(version, version, dataJson, dataJson is null, replacedDataJson, key);
        await _session.ExecuteAsync(statement, _parameters with { Values = values }, cancellationToken).ConfigureAwait(false);
    }
}
