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
/// Writes from all concurrent consumers are group-committed by one writer (<see cref="SqliteWriteBatcher"/>): each
/// is on disk before it returns, but one fsync covers a batch. Reads take pooled connections of their own; WAL lets
/// them go on during a write, and another process's writer waits its turn for the lock.
/// </remarks>
public sealed class SqliteRecordStore : IRecordStore, IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly ConcurrentDictionary<string, bool> _ensuredTables = new(StringComparer.Ordinal);

    // Writes go through one group-committing writer; reads take pooled connections of their own.
    private readonly SqliteWriteBatcher _writer;

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
        using (var connection = new SqliteConnection(_connectionString))
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
        }

        // The writer's connection lives as long as the store; it must really close when the store is disposed.
        var writerConnection = new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString();
        _writer = new SqliteWriteBatcher(writerConnection, options.Value.BusyTimeout);
    }

    public Task<StoreWriteResult> UpsertAsync(string table, string key, long version, string dataJson, CancellationToken cancellationToken) =>
        WriteAsync(table, key, version, dataJson, deleted: false, cancellationToken);

    public Task<StoreWriteResult> DeleteAsync(string table, string key, long version, CancellationToken cancellationToken) =>
        WriteAsync(table, key, version, dataJson: null, deleted: true, cancellationToken);

    public async Task<StoredRecord?> ReadAsync(string table, string key, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(table, cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT version, data, deleted FROM \"{table}\" WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new StoredRecord(key, reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2) != 0);
    }

    private async Task<StoreWriteResult> WriteAsync(string table, string key, long version, string? dataJson, bool deleted, CancellationToken ct)
    {
        await EnsureTableAsync(table, ct).ConfigureAwait(false);
        return await _writer.WriteAsync(table, key, version, dataJson, deleted, ct).ConfigureAwait(false);
    }

    public void Dispose() => _writer.Dispose();

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
