using CacheSync.Core.Storage;

namespace CacheSync.Stores.Sqlite.Tests;

/// <summary>A fresh database file and store for every test.</summary>
public abstract class StoreTestBase
{
    protected const string Table = "orders";
    protected const string Key = "order-1";

    private TempDatabase? _database;
    private SqliteRecordStore? _store;

    internal TempDatabase Database => _database ?? throw new InvalidOperationException("SetUp has not run.");

    protected SqliteRecordStore Store => _store ?? throw new InvalidOperationException("SetUp has not run.");

    [SetUp]
    public void CreateDatabase()
    {
        _database = new TempDatabase();
        _store = _database.CreateStore();
    }

    [TearDown]
    public void RemoveDatabase()
    {
        _store?.Dispose();
        _store = null;
        _database?.Dispose();
        _database = null;
    }

    protected static string Data(long version) => $$"""{"id":"order-1","version":{{version}}}""";

    protected async Task<StoreWriteOutcome> UpsertAsync(long version, string? dataJson = null) =>
        (await Store.UpsertAsync(Table, Key, version, dataJson ?? Data(version), CancellationToken.None)).Outcome;

    protected async Task<StoreWriteOutcome> DeleteAsync(long version) =>
        (await Store.DeleteAsync(Table, Key, version, CancellationToken.None)).Outcome;

    protected Task<StoredRecord?> ReadAsync() =>
        Store.ReadAsync(Table, Key, CancellationToken.None);

    protected static StoredRecord Live(long version, string? dataJson = null) => new(Key, version, dataJson ?? Data(version), IsDeleted: false);

    protected static StoredRecord Tombstone(long version) => new(Key, version, DataJson: null, IsDeleted: true);
}
