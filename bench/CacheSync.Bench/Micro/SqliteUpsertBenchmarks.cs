using BenchmarkDotNet.Attributes;
using CacheSync.Core.Storage;
using CacheSync.Stores.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CacheSync.Bench.Micro;

/// <summary>
/// An upsert through the real <see cref="SqliteRecordStore"/> against the same fenced statement run bare: one
/// INSERT … ON CONFLICT in autocommit on a connection kept open. Both files live on the machine's temp disk, in WAL
/// mode with synchronous=FULL (the store's settings), so both pay one WAL sync per commit; the difference is what
/// the store adds (a pooled connection per write, its busy-timeout pragma, BEGIN IMMEDIATE, the read of the row it
/// replaces, the write gate).
/// </summary>
[MemoryDiagnoser]
public class SqliteUpsertBenchmarks
{
    private const string Table = SamplePayloads.Entity;

    private string _directory = null!;
    private SqliteRecordStore _store = null!;
    private SqliteConnection _bareConnection = null!;
    private SqliteCommand _bareUpsert = null!;
    private SqliteParameter _bareVersion = null!;
    private string _dataJson = null!;
    private long _version;

    [Params(SamplePayloads.Small, SamplePayloads.Medium, SamplePayloads.Large)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("cachesync-bench-sqlite-").FullName;
        _dataJson = SamplePayloads.DataJson(PayloadBytes);
        _version = SamplePayloads.Version;

        _store = new SqliteRecordStore(Options.Create(new SqliteStoreOptions { Path = Path.Combine(_directory, "store.db") }));

        _bareConnection = new SqliteConnection($"Data Source={Path.Combine(_directory, "bare.db")}");
        _bareConnection.Open();
        Execute(_bareConnection, "PRAGMA journal_mode=WAL;");
        Execute(_bareConnection, $"""
            CREATE TABLE "{Table}" (key TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, data TEXT,
                deleted INTEGER NOT NULL DEFAULT 0, replaced_data TEXT) WITHOUT ROWID;
            """);
        _bareUpsert = _bareConnection.CreateCommand();
        _bareUpsert.CommandText = $"""
            INSERT INTO "{Table}" (key, version, data, deleted) VALUES ($key, $version, $data, 0)
            ON CONFLICT (key) DO UPDATE SET version = excluded.version, data = excluded.data, deleted = excluded.deleted,
                replaced_data = CASE WHEN "{Table}".deleted = 0 THEN "{Table}".data END
            WHERE excluded.version > "{Table}".version
            """;
        _bareUpsert.Parameters.AddWithValue("$key", SamplePayloads.Key);
        _bareVersion = _bareUpsert.Parameters.AddWithValue("$version", _version);
        _bareUpsert.Parameters.AddWithValue("$data", _dataJson);
        _bareUpsert.Prepare();

        // Both start from a stored record, so every measured call is the usual update of an existing row.
        _store.UpsertAsync(Table, SamplePayloads.Key, _version, _dataJson, CancellationToken.None).GetAwaiter().GetResult();
        _bareUpsert.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bareUpsert.Dispose();
        _bareConnection.Dispose();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public int BareInsertOnConflict()
    {
        _bareVersion.Value = ++_version;
        return _bareUpsert.ExecuteNonQuery();
    }

    [Benchmark]
    public Task<StoreWriteResult> RecordStoreUpsert() =>
        _store.UpsertAsync(Table, SamplePayloads.Key, ++_version, _dataJson, CancellationToken.None);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
