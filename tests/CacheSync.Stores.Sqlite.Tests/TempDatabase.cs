using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CacheSync.Stores.Sqlite.Tests;

/// <summary>A database file in a directory of its own under the temp path, removed on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        DirectoryPath = Path.Combine(Path.GetTempPath(), "cachesync-sqlite-tests-" + Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine(DirectoryPath, "store.db");
    }

    public string DirectoryPath { get; }

    public string FilePath { get; }

    /// <summary>A store on this file; the store creates the directory and the file.</summary>
    public SqliteRecordStore CreateStore() =>
        new(Options.Create(new SqliteStoreOptions { Path = FilePath }));

    /// <summary>A connection of the test's own, outside the store's pool, for looking at the file directly.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    public bool TableExists(string table)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return (long)command.ExecuteScalar()! == 1;
    }

    public void Dispose()
    {
        // The store pools its connections; release their file handles before removing the directory.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DirectoryPath))
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
    }
}
