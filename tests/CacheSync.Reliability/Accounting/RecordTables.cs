using Microsoft.Data.Sqlite;

namespace CacheSync.Reliability.Accounting;

/// <summary>
/// The SQLite store's record tables, read and prepared from outside the worker. Synchronous on purpose:
/// Microsoft.Data.Sqlite's async methods complete synchronously anyway, and these are short local reads.
/// </summary>
public static class RecordTables
{
    /// <summary>A connection of the test's own; unpooled, so no handle outlives the test's use of the file.</summary>
    public static SqliteConnection Open(string sqlitePath, bool readOnly = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = sqlitePath,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=30000;");
        return connection;
    }

    /// <summary>
    /// Creates a record table exactly as the store does (README, "Store format"), before the worker first runs,
    /// so that triggers can be attached to it; the worker's own <c>CREATE TABLE IF NOT EXISTS</c> then finds it.
    /// </summary>
    public static void Create(SqliteConnection connection, string table)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS "{table}" (
                key           TEXT    NOT NULL PRIMARY KEY,
                version       INTEGER NOT NULL,
                data          TEXT,
                deleted       INTEGER NOT NULL DEFAULT 0,
                replaced_data TEXT
            ) WITHOUT ROWID;
            """);
    }

    /// <summary>Every row of a table: key → (version, data, deleted).</summary>
    public static Dictionary<string, (long Version, string? Data, bool Deleted)> ReadAll(string sqlitePath, string table)
    {
        using var connection = Open(sqlitePath, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT key, version, data, deleted FROM \"{table}\"";
        var rows = new Dictionary<string, (long, string?, bool)>(StringComparer.Ordinal);
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows[reader.GetString(0)] = (reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3) != 0);
            }
        }
        catch (SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            // Nothing was ever written to it.
        }

        return rows;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
