using CacheSync.Core.Storage;
using Microsoft.Data.Sqlite;

namespace CacheSync.Stores.Sqlite;

/// <summary>
/// The two prepared statements of a fenced write to one table, kept on the writer's connection: read the row in
/// place, then insert or replace it only when the new version is higher (<c>ON CONFLICT … WHERE excluded.version &gt;
/// version</c>), remembering the data it replaced for dependent keys.
/// </summary>
internal sealed class FencedWriteStatements : IDisposable
{
    private readonly SqliteCommand _read;
    private readonly SqliteCommand _write;

    public FencedWriteStatements(SqliteConnection connection, string table)
    {
        // Table names come from validated policies, never from messages, so quoting them into SQL is safe.
        _read = connection.CreateCommand();
        _read.CommandText = $"SELECT version, data, deleted, replaced_data FROM \"{table}\" WHERE key = $key";
        _read.Parameters.Add("$key", SqliteType.Text);

        _write = connection.CreateCommand();
        _write.CommandText = $"""
            INSERT INTO "{table}" (key, version, data, deleted) VALUES ($key, $version, $data, $deleted)
            ON CONFLICT (key) DO UPDATE SET version = excluded.version, data = excluded.data, deleted = excluded.deleted,
                replaced_data = CASE WHEN "{table}".deleted = 0 THEN "{table}".data END
            WHERE excluded.version > "{table}".version
            """;
        _write.Parameters.Add("$key", SqliteType.Text);
        _write.Parameters.Add("$version", SqliteType.Integer);
        _write.Parameters.Add("$data", SqliteType.Text);
        _write.Parameters.Add("$deleted", SqliteType.Integer);
    }

    public StoreWriteResult Write(SqliteTransaction transaction, string key, long version, string? dataJson, bool deleted)
    {
        _read.Transaction = transaction;
        _read.Parameters[0].Value = key;
        StoredRecord? previous = null;
        using (var reader = _read.ExecuteReader())
        {
            if (reader.Read())
            {
                previous = new StoredRecord(key, reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2) != 0)
                {
                    ReplacedDataJson = reader.IsDBNull(3) ? null : reader.GetString(3),
                };
            }
        }

        _write.Transaction = transaction;
        _write.Parameters[0].Value = key;
        _write.Parameters[1].Value = version;
        _write.Parameters[2].Value = (object?)dataJson ?? DBNull.Value;
        _write.Parameters[3].Value = deleted ? 1 : 0;
        var changed = _write.ExecuteNonQuery();

        var outcome = changed == 1 ? StoreWriteOutcome.Applied
            : previous!.Version == version ? StoreWriteOutcome.AlreadyCurrent
            : StoreWriteOutcome.Stale;
        return new StoreWriteResult(outcome, previous);
    }

    public void Dispose()
    {
        _read.Dispose();
        _write.Dispose();
    }
}
