using CacheSync.Core.Caching;

namespace CacheSync.Redis.Tests;

[TestFixture]
[Category("Integration")]
public sealed class InvalidateTests : RedisTestBase
{
    [Test]
    public async Task Invalidate_replaces_an_older_live_entry_by_an_invalidated_tombstone_without_data()
    {
        var key = Key();
        await SetAsync(key, 3, ttl: null);

        Assert.That(await InvalidateAsync(key, 4, InvalidationKind.Invalidated), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await RawAsync(key), Is.EqualTo(TombstoneFields(4, "invalidated")));
        Assert.That(await Db.HashExistsAsync(key, "data"), Is.False);
        Assert.That(await TtlAsync(key), AboutTtl(TombstoneTtl));
        var entry = await Cache.ReadAsync(key, None);
        Assert.That(entry, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(entry!.Version, Is.EqualTo(4));
            Assert.That(entry.State, Is.EqualTo(CacheEntryState.Invalidated));
            Assert.That(entry.DataJson, Is.Null);
            Assert.That(entry.TimeToLive, AboutTtl(TombstoneTtl));
        });
    }

    [Test]
    public async Task Invalidate_of_an_empty_key_writes_a_tombstone()
    {
        var key = Key();

        Assert.That(await InvalidateAsync(key, 4), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await RawAsync(key), Is.EqualTo(TombstoneFields(4, "invalidated")));
        Assert.That(await TtlAsync(key), AboutTtl(TombstoneTtl));
    }

    [Test]
    public async Task Delete_writes_a_deleted_tombstone_with_the_tombstone_ttl()
    {
        var key = Key();
        await SetAsync(key, 3, TimeSpan.FromHours(1));

        Assert.That(await InvalidateAsync(key, 4, InvalidationKind.Deleted), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await RawAsync(key), Is.EqualTo(TombstoneFields(4, "deleted")));
        Assert.That(await TtlAsync(key), AboutTtl(TombstoneTtl));
        var entry = await Cache.ReadAsync(key, None);
        Assert.That(entry?.State, Is.EqualTo(CacheEntryState.Deleted));
    }

    [TestCase(InvalidationKind.Invalidated)]
    [TestCase(InvalidationKind.Deleted)]
    public async Task Invalidate_at_the_version_the_entry_holds_is_fenced(InvalidationKind kind)
    {
        var key = Key();
        await SetAsync(key, 5, ttl: null);

        Assert.That(await InvalidateAsync(key, 5, kind), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(5, Data(5))));
        Assert.That(await TtlAsync(key), Is.Null);
    }

    [TestCase(InvalidationKind.Invalidated)]
    [TestCase(InvalidationKind.Deleted)]
    public async Task Invalidate_older_than_the_entry_is_fenced(InvalidationKind kind)
    {
        var key = Key();
        await SetAsync(key, 5, ttl: null);

        Assert.That(await InvalidateAsync(key, 4, kind), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(5, Data(5))));
    }

    [Test]
    public async Task Invalidate_older_than_a_tombstone_is_fenced_and_keeps_the_tombstone()
    {
        var key = Key();
        await InvalidateAsync(key, 5, InvalidationKind.Deleted);

        Assert.That(await InvalidateAsync(key, 4, InvalidationKind.Invalidated), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(TombstoneFields(5, "deleted")));
    }

    [TestCase(InvalidationKind.Invalidated, "invalidated")]
    [TestCase(InvalidationKind.Deleted, "deleted")]
    public async Task Set_older_than_the_tombstone_is_fenced(InvalidationKind kind, string state)
    {
        var key = Key();
        await SetAsync(key, 3, ttl: null);
        await InvalidateAsync(key, 5, kind);

        Assert.That(await SetAsync(key, 4, ttl: null), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(TombstoneFields(5, state)));
        Assert.That(await TtlAsync(key), AboutTtl(TombstoneTtl));
    }

    [Test]
    public async Task Set_newer_than_the_tombstone_is_written()
    {
        var key = Key();
        await InvalidateAsync(key, 5, InvalidationKind.Deleted);

        Assert.That(await SetAsync(key, 6, ttl: null), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(6, Data(6))));
        Assert.That(await TtlAsync(key), Is.Null);
    }
}
