using System.Collections.Concurrent;
using CacheSync.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CacheSync.Stores.Sqlite;

/// <summary>
/// The embedded record store: one SQLite table per entity, <c>(key, version, data, deleted)</c>, in WAL mode.
/// Writes are fenced by version in SQL (<c>ON CONFLICT … DO UPDATE … WHERE excluded.version &gt; version</c>);
/// deletes keep a tombstone row so a late, older upsert cannot resurrect the record.
/// </summary>
/// <remarks>
/// Each operation takes a pooled connection of its own, so concurrent consumers in one process are safe:
/// SQLite serialises writers, WAL lets readers go on, and the busy timeout makes a writer wait its turn.
/// </remarks>
public sealed class SqliteRecordStore : IRecordStore, IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly ConcurrentDictionary<string, bool> _ensuredTables = new(StringComparer.Ordinal);

    // SQLite admits one writer at a time and makes the others poll with sleeps of up to 100 ms; queueing our own
    // writers here instead keeps the file busy without those sleeps. Other processes still meet the busy timeout.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteRecordStore(IOptions<SqliteStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _busyTimeoutMs = (int)options.Value.BusyTimeout.TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, _busyTimeoutMs / 1000),
        }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
    }

    public Task<StoreWriteResult> UpsertAsync(string table, string key, long version, string dataJson, CancellationToken cancellationToken) =>
        WriteAsync(table, key, version, dataJson, deleted: false, cancellationToken);

    public Task<StoreWriteResult> DeleteAsync(string table, string key, long version, CancellationToken cancellationToken) =>
        WriteAsync(table, key, version, dataJson: null, deleted: true, cancellationToken);

    public async Task<StoredRecord?> ReadAsync(string table, string key, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(table, cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadRowAsync(connection, transaction: null, table, key, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StoredRecord?> ReadRowAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string table, string key, CancellationToken ct, bool withReplaced = false)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT version, data, deleted, replaced_data FROM \"{table}\" WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        return new StoredRecord(key, reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2) != 0)
        {
            ReplacedDataJson = withReplaced && !reader.IsDBNull(3) ? reader.GetString(3) : null,
        };
    }

    private async Task<StoreWriteResult> WriteAsync(string table, string key, long version, string? dataJson, bool deleted, CancellationToken ct)
    {
        await EnsureTableAsync(table, ct).ConfigureAwait(false);
        await _writeGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await WriteFencedAsync(table, key, version, dataJson, deleted, ct).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<StoreWriteResult> WriteFencedAsync(string table, string key, long version, string? dataJson, bool deleted, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);

        // BEGIN IMMEDIATE: take the write lock first, so the row read here is the row the fenced write replaces.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var previous = await ReadRowAsync(connection, transaction, table, key, ct, withReplaced: true).ConfigureAwait(false);

        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = $"""
            INSERT INTO "{table}" (key, version, data, deleted) VALUES ($key, $version, $data, $deleted)
            ON CONFLICT (key) DO UPDATE SET version = excluded.version, data = excluded.data, deleted = excluded.deleted,
                replaced_data = CASE WHEN "{table}".deleted = 0 THEN "{table}".data END
            WHERE excluded.version > "{table}".version
            """;
        write.Parameters.AddWithValue("$key", key);
        write.Parameters.AddWithValue("$version", version);
        write.Parameters.AddWithValue("$data", (object?)dataJson ?? DBNull.Value);
        write.Parameters.AddWithValue("$deleted", deleted ? 1 : 0);
        var changed = await write.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);

        var outcome = changed == 1 ? StoreWriteOutcome.Applied
            : previous!.Version == version ? StoreWriteOutcome.AlreadyCurrent
            : StoreWriteOutcome.Stale;
        return new StoreWriteResult(outcome, previous);
    }

    public void Dispose() => _writeGate.Dispose();

    private async Task EnsureTableAsync(string table, CancellationToken ct)
    {
        if (_ensuredTables.ContainsKey(table)) return;

        // Table names come from validated policies, never from messages, so quoting them into SQL is safe.
        // CREATE … IF NOT EXISTS is idempotent, so two callers racing here do no harm.
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS "{table}" (
                key           TEXT    NOT NULL PRIMARY KEY,
                version       INTEGER NOT NULL,
                data          TEXT,
                deleted       INTEGER NOT NULL DEFAULT 0,
                replaced_data TEXT
            ) WITHOUT ROWID;
            """);

        // Tables made before replaced_data existed get the column; the rest of a row's meaning is unchanged.
        if (!HasColumn(connection, table, "replaced_data"))
        {
            Execute(connection, $"ALTER TABLE \"{table}\" ADD COLUMN replaced_data TEXT;");
        }

        _ensuredTables.TryAdd(table, true);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            // synchronous stays FULL (the default): a write is acked to the broker only after it is on disk.
            Execute(connection, $"PRAGMA busy_timeout={_busyTimeoutMs};");
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static bool HasColumn(SqliteConnection connection, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $column";
        command.Parameters.AddWithValue("$column", column);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
