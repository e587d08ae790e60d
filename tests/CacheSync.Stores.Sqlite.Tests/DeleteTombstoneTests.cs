using CacheSync.Core.Storage;

namespace CacheSync.Stores.Sqlite.Tests;

[TestFixture]
public sealed class DeleteTombstoneTests : StoreTestBase
{
    [Test]
    public async Task Delete_leaves_a_tombstone_that_keeps_the_version()
    {
        await UpsertAsync(3);

        Assert.That(await DeleteAsync(4), Is.EqualTo(StoreWriteOutcome.Applied));

        var record = await ReadAsync();
        Assert.That(record, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(record!.IsDeleted, Is.True);
            Assert.That(record.DataJson, Is.Null);
            Assert.That(record.Version, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Delete_of_an_unknown_key_leaves_a_tombstone()
    {
        Assert.That(await DeleteAsync(7), Is.EqualTo(StoreWriteOutcome.Applied));

        Assert.That(await ReadAsync(), Is.EqualTo(Tombstone(7)));
    }

    [Test]
    public async Task Older_upsert_after_delete_is_stale_and_does_not_resurrect()
    {
        await UpsertAsync(3);
        await DeleteAsync(5);

        Assert.That(await UpsertAsync(4), Is.EqualTo(StoreWriteOutcome.Stale));
        Assert.That(await ReadAsync(), Is.EqualTo(Tombstone(5)));
    }

    [Test]
    public async Task Late_upsert_that_arrives_after_the_delete_of_a_never_seen_key_does_not_resurrect()
    {
        await DeleteAsync(5);

        Assert.That(await UpsertAsync(2), Is.EqualTo(StoreWriteOutcome.Stale));
        Assert.That(await ReadAsync(), Is.EqualTo(Tombstone(5)));
    }

    [Test]
    public async Task Newer_upsert_after_delete_resurrects_the_record()
    {
        await UpsertAsync(3);
        await DeleteAsync(5);

        Assert.That(await UpsertAsync(6), Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That(await ReadAsync(), Is.EqualTo(Live(6)));
    }

    [Test]
    public async Task Delete_older_than_the_record_is_stale_and_leaves_it_live()
    {
        await UpsertAsync(5);

        Assert.That(await DeleteAsync(4), Is.EqualTo(StoreWriteOutcome.Stale));
        Assert.That(await ReadAsync(), Is.EqualTo(Live(5)));
    }

    [Test]
    public async Task Repeated_delete_at_the_same_version_is_already_current()
    {
        await DeleteAsync(5);

        Assert.That(await DeleteAsync(5), Is.EqualTo(StoreWriteOutcome.AlreadyCurrent));
        Assert.That(await ReadAsync(), Is.EqualTo(Tombstone(5)));
    }

    [Test]
    public async Task Older_delete_after_delete_is_stale_and_keeps_the_newer_tombstone()
    {
        await DeleteAsync(5);

        Assert.That(await DeleteAsync(4), Is.EqualTo(StoreWriteOutcome.Stale));
        Assert.That(await ReadAsync(), Is.EqualTo(Tombstone(5)));
    }
}
