using CacheSync.Core.Caching;

namespace CacheSync.Redis.Tests;

[TestFixture]
[Category("Integration")]
public sealed class InvalidateDependentTests : RedisTestBase
{
    private static Dictionary<string, string> DependentTombstone(long version, long invalidatedBy) => new(StringComparer.Ordinal)
    {
        ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["state"] = "invalidated",
        ["invalidated_by"] = invalidatedBy.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Test]
    public async Task Invalidate_dependent_invalidates_an_entry_of_any_version_and_keeps_that_version()
    {
        var key = Key("list");
        await SetAsync(key, 100, ttl: null);

        await Cache.InvalidateDependentAsync(key, 5, None);

        Assert.That(await RawAsync(key), Is.EqualTo(DependentTombstone(100, invalidatedBy: 5)));
        Assert.That(await TtlAsync(key), AboutTtl(TombstoneTtl));
    }

    [Test]
    public async Task Invalidate_dependent_of_an_empty_key_writes_a_version_zero_tombstone_with_the_tombstone_ttl()
    {
        var key = Key("list");

        await Cache.InvalidateDependentAsync(key, 5, None);

        Assert.That(await RawAsync(key), Is.EqualTo(DependentTombstone(0, invalidatedBy: 5)));
        Assert.That(await TtlAsync(key), AboutTtl(TombstoneTtl));
        var entry = await Cache.ReadAsync(key, None);
        Assert.That(entry, Is.EqualTo(new CacheEntry(0, CacheEntryState.Invalidated, null, entry?.TimeToLive)));
    }

    [Test]
    public async Task A_record_key_named_as_a_dependent_keeps_accepting_its_own_newer_writes_and_refuses_older_fills()
    {
        var key = Key("record");
        await SetAsync(key, 7);

        // Another entity's write at a far higher version invalidates this key (a producer's link, say).
        await Cache.InvalidateDependentAsync(key, 1_000_000, None);

        Assert.Multiple(async () =>
        {
            Assert.That(await FillAsync(key, 6), Is.EqualTo(CacheWriteOutcome.Fenced), "a reader's older row may not come back");
            Assert.That(await FillAsync(key, 7), Is.EqualTo(CacheWriteOutcome.Written), "the current row may refill it");
            Assert.That(await SetAsync(key, 8), Is.EqualTo(CacheWriteOutcome.Written), "the record's own next write is not fenced out");
        });
    }

    [Test]
    public async Task Invalidate_dependent_repeated_is_harmless()
    {
        var key = Key("list");
        await Cache.InvalidateDependentAsync(key, 5, None);

        await Cache.InvalidateDependentAsync(key, 5, None);

        Assert.That(await RawAsync(key), Is.EqualTo(DependentTombstone(0, invalidatedBy: 5)));
    }

    [Test]
    public async Task Invalidate_dependent_turns_a_deleted_tombstone_into_an_invalidated_one_at_its_version()
    {
        var key = Key("list");
        await InvalidateAsync(key, 9, InvalidationKind.Deleted);

        await Cache.InvalidateDependentAsync(key, 2, None);

        Assert.That(await RawAsync(key), Is.EqualTo(DependentTombstone(9, invalidatedBy: 2)));
    }

    [Test]
    public async Task Invalidate_dependent_replaces_a_key_of_another_type()
    {
        var key = Key("plain-list");
        await Db.ListRightPushAsync(key, ["a", "b"]);

        await Cache.InvalidateDependentAsync(key, 5, None);

        Assert.That(await RawAsync(key), Is.EqualTo(DependentTombstone(0, invalidatedBy: 5)));
    }
}
