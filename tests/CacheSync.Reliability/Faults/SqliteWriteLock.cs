using CacheSync.Reliability.Accounting;
using Microsoft.Data.Sqlite;

namespace CacheSync.Reliability.Faults;

/// <summary>
/// Another process's connection holding the store's write lock (<c>BEGIN EXCLUSIVE</c>), as a backup, a migration
/// or an operator's sqlite3 session would: every write of the worker meets SQLITE_BUSY after its busy timeout,
/// while reads go on (WAL). Released, with nothing written, on dispose.
/// </summary>
public sealed class SqliteWriteLock : IDisposable
{
    private readonly SqliteConnection _connection;

    private SqliteWriteLock(SqliteConnection connection) => _connection = connection;

    public static SqliteWriteLock Acquire(string sqlitePath)
    {
        var connection = RecordTables.Open(sqlitePath);
        try
        {
            RecordTables.Execute(connection, "BEGIN EXCLUSIVE;");
            return new SqliteWriteLock(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        RecordTables.Execute(_connection, "ROLLBACK;");
        _connection.Dispose();
    }
}
