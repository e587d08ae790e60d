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
}
