using CacheSync.Core.Storage;

namespace CacheSync.Stores.Sqlite.Tests;

[TestFixture]
public sealed class ReadAndVersionRangeTests : StoreTestBase
{
    [Test]
    public async Task Read_of_an_unknown_key_returns_null()
    {
        await UpsertAsync(1);

        Assert.That(await Store.ReadAsync(Table, "no-such-key", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Read_from_a_table_never_written_returns_null()
    {
        Assert.That(await Store.ReadAsync("never_written", Key, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Version_zero_is_a_valid_first_version()
    {
        Assert.That(await UpsertAsync(0), Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That(await ReadAsync(), Is.EqualTo(Live(0)));

        Assert.That(await UpsertAsync(0), Is.EqualTo(StoreWriteOutcome.AlreadyCurrent));
        Assert.That(await UpsertAsync(1), Is.EqualTo(StoreWriteOutcome.Applied));
    }

    [Test]
    public async Task Version_long_max_value_is_stored_exactly_and_fences_everything_older()
    {
        Assert.That(await UpsertAsync(long.MaxValue), Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That(await ReadAsync(), Is.EqualTo(Live(long.MaxValue)));

        Assert.That(await UpsertAsync(long.MaxValue), Is.EqualTo(StoreWriteOutcome.AlreadyCurrent));
        Assert.That(await UpsertAsync(long.MaxValue - 1), Is.EqualTo(StoreWriteOutcome.Stale));
        Assert.That(await ReadAsync(), Is.EqualTo(Live(long.MaxValue)));
    }

    [Test]
    public async Task Versions_beyond_two_to_the_53_compare_exactly()
    {
        const long twoTo53 = 9_007_199_254_740_992;
        await UpsertAsync(twoTo53);

        Assert.That(await UpsertAsync(twoTo53 + 1), Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That(await UpsertAsync(twoTo53), Is.EqualTo(StoreWriteOutcome.Stale));
        Assert.That(await ReadAsync(), Is.EqualTo(Live(twoTo53 + 1)));
    }

    [Test]
    public async Task Delete_at_long_max_value_is_final()
    {
        Assert.That(await DeleteAsync(long.MaxValue), Is.EqualTo(StoreWriteOutcome.Applied));

        Assert.That(await UpsertAsync(long.MaxValue - 1), Is.EqualTo(StoreWriteOutcome.Stale));
        Assert.That(await ReadAsync(), Is.EqualTo(Tombstone(long.MaxValue)));
    }

    [Test]
    public async Task Data_is_returned_byte_for_byte()
    {
        const string data = """{"name":"Zoë \"quoted\" ✓","nested":{"list":[1,2,3]},"empty":""}""";

        await UpsertAsync(1, data);

        Assert.That(await ReadAsync(), Is.EqualTo(Live(1, data)));
    }
}
