using CacheSync.Core.Storage;

namespace CacheSync.Stores.Sqlite.Tests;

[TestFixture]
public sealed class TableTests : StoreTestBase
{
    [Test]
    public async Task Table_is_created_on_first_use()
    {
        Assert.That(Database.TableExists("customers"), Is.False);

        await Store.UpsertAsync("customers", "c-1", 1, "{}", CancellationToken.None);

        Assert.That(Database.TableExists("customers"), Is.True);
    }

    [Test]
    public async Task Table_is_created_on_first_read()
    {
        Assert.That(await Store.ReadAsync("invoices", "i-1", CancellationToken.None), Is.Null);

        Assert.That(Database.TableExists("invoices"), Is.True);
    }

    [Test]
    public async Task Same_key_in_two_tables_holds_two_independent_records()
    {
        Assert.That((await Store.UpsertAsync("orders", "42", 10, """{"kind":"order"}""", CancellationToken.None)).Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That((await Store.UpsertAsync("customers", "42", 1, """{"kind":"customer"}""", CancellationToken.None)).Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That((await Store.DeleteAsync("invoices", "42", 5, CancellationToken.None)).Outcome, Is.EqualTo(StoreWriteOutcome.Applied));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.ReadAsync("orders", "42", CancellationToken.None), Is.EqualTo(new StoredRecord("42", 10, """{"kind":"order"}""", false)));
            Assert.That(await Store.ReadAsync("customers", "42", CancellationToken.None), Is.EqualTo(new StoredRecord("42", 1, """{"kind":"customer"}""", false)));
            Assert.That(await Store.ReadAsync("invoices", "42", CancellationToken.None), Is.EqualTo(new StoredRecord("42", 5, null, true)));
        });
    }

    [Test]
    public async Task Records_persist_for_a_new_store_instance_on_the_same_file()
    {
        await UpsertAsync(8);
        await Store.DeleteAsync("customers", "c-1", 3, CancellationToken.None);

        var reopened = Database.CreateStore();

        Assert.That(await reopened.ReadAsync(Table, Key, CancellationToken.None), Is.EqualTo(Live(8)));
        Assert.That(await reopened.ReadAsync("customers", "c-1", CancellationToken.None), Is.EqualTo(new StoredRecord("c-1", 3, null, true)));
        Assert.That((await reopened.UpsertAsync(Table, Key, 7, Data(7), CancellationToken.None)).Outcome, Is.EqualTo(StoreWriteOutcome.Stale));
    }

    [Test]
    public void Constructor_creates_the_directory_and_the_database_file()
    {
        Assert.That(File.Exists(Database.FilePath), Is.True);
    }
}
