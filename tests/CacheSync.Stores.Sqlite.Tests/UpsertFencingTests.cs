using CacheSync.Core.Storage;

namespace CacheSync.Stores.Sqlite.Tests;

[TestFixture]
public sealed class UpsertFencingTests : StoreTestBase
{
    [Test]
    public async Task First_upsert_is_applied_and_read_back_with_its_version()
    {
        Assert.That(await UpsertAsync(3), Is.EqualTo(StoreWriteOutcome.Applied));

        Assert.That(await ReadAsync(), Is.EqualTo(Live(3)));
    }

    [Test]
    public async Task Newer_upsert_is_applied_and_replaces_the_record()
    {
        await UpsertAsync(3);

        Assert.That(await UpsertAsync(4), Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That(await ReadAsync(), Is.EqualTo(Live(4)));
    }

    [Test]
    public async Task Upsert_at_the_stored_version_is_already_current_and_changes_nothing()
    {
        await UpsertAsync(3);

        Assert.That(await UpsertAsync(3, """{"other":"data"}"""), Is.EqualTo(StoreWriteOutcome.AlreadyCurrent));
        Assert.That(await ReadAsync(), Is.EqualTo(Live(3)));
    }

    [Test]
    public async Task Older_upsert_is_stale_and_changes_nothing()
    {
        await UpsertAsync(5);

        Assert.That(await UpsertAsync(4), Is.EqualTo(StoreWriteOutcome.Stale));
        Assert.That(await ReadAsync(), Is.EqualTo(Live(5)));
    }

    [Test]
    public async Task Version_gap_does_not_matter_only_order_does()
    {
        await UpsertAsync(1);

        Assert.That(await UpsertAsync(1_000_000_000_000), Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That(await UpsertAsync(999_999_999_999), Is.EqualTo(StoreWriteOutcome.Stale));
        Assert.That(await ReadAsync(), Is.EqualTo(Live(1_000_000_000_000)));
    }

    [Test]
    public async Task A_write_returns_the_record_it_replaced_and_a_repeat_returns_what_that_version_replaced()
    {
        await UpsertAsync(1, """{"owner":"a"}""");

        var applied = await Store.UpsertAsync(Table, Key, 2, """{"owner":"b"}""", CancellationToken.None);
        var repeated = await Store.UpsertAsync(Table, Key, 2, """{"owner":"b"}""", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(applied.Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
            Assert.That(applied.Previous?.Version, Is.EqualTo(1));
            Assert.That(applied.Previous?.DataJson, Is.EqualTo("""{"owner":"a"}"""));
            Assert.That(repeated.Outcome, Is.EqualTo(StoreWriteOutcome.AlreadyCurrent));
            Assert.That(repeated.Previous?.ReplacedDataJson, Is.EqualTo("""{"owner":"a"}"""), "kept beside the row for a redelivery");
        });
    }

    [Test]
    public async Task A_delete_keeps_the_data_it_replaced_and_a_write_over_a_tombstone_keeps_none()
    {
        await UpsertAsync(1, """{"owner":"a"}""");
        await DeleteAsync(2);
        var repeatedDelete = await Store.DeleteAsync(Table, Key, 2, CancellationToken.None);
        await UpsertAsync(3, """{"owner":"c"}""");
        var repeatedUpsert = await Store.UpsertAsync(Table, Key, 3, """{"owner":"c"}""", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(repeatedDelete.Previous?.ReplacedDataJson, Is.EqualTo("""{"owner":"a"}"""));
            Assert.That(repeatedUpsert.Previous?.ReplacedDataJson, Is.Null, "a tombstone has no owner to invalidate");
        });
    }

    [Test]
    public async Task A_table_made_before_replaced_data_existed_gets_the_column()
    {
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database.FilePath}"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """CREATE TABLE "legacy" (key TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, data TEXT, deleted INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;""";
            create.ExecuteNonQuery();
        }

        await Store.UpsertAsync("legacy", "k", 1, "{}", CancellationToken.None);
        var repeated = await Store.UpsertAsync("legacy", "k", 1, "{}", CancellationToken.None);

        Assert.That(repeated.Outcome, Is.EqualTo(StoreWriteOutcome.AlreadyCurrent));
    }
}
