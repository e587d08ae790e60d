using CacheSync.Core.Caching;

namespace CacheSync.Redis.Tests;

[TestFixture]
[Category("Integration")]
public sealed class FillIfNotFencedTests : RedisTestBase
{
    [Test]
    public async Task Fill_of_an_empty_key_is_written_with_the_ttl()
    {
        var key = Key();

        Assert.That(await FillAsync(key, 4, TimeSpan.FromMinutes(5)), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(4, Data(4))));
        Assert.That(await TtlAsync(key), AboutTtl(TimeSpan.FromMinutes(5)));
        var entry = await Cache.ReadAsync(key, None);
        Assert.That(entry?.State, Is.EqualTo(CacheEntryState.Live));
        Assert.That(entry?.DataJson, Is.EqualTo(Data(4)));
    }

    [Test]
    public async Task Fill_without_ttl_keeps_the_entry_without_expiry()
    {
        var key = Key();

        Assert.That(await FillAsync(key, 4, ttl: null), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await TtlAsync(key), Is.Null);
    }

    [Test]
    public async Task Fill_over_a_newer_live_value_is_refused()
    {
        var key = Key();
        await SetAsync(key, 5, ttl: null);

        Assert.That(await FillAsync(key, 4), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(5, Data(5))));
    }

    [Test]
    public async Task Fill_at_the_same_version_over_a_live_value_is_refused()
    {
        var key = Key();
        await SetAsync(key, 5, TimeSpan.FromSeconds(30));

        Assert.That(await Cache.FillIfNotFencedAsync(key, 5, """{"reader":"copy"}""", ttl: null, None), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(5, Data(5))));
        Assert.That(await TtlAsync(key), AboutTtl(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task Fill_over_an_older_live_value_is_written()
    {
        var key = Key();
        await SetAsync(key, 4, ttl: null);

        Assert.That(await FillAsync(key, 5), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(5, Data(5))));
    }

    [Test]
    public async Task Fill_at_the_same_version_over_an_invalidated_tombstone_is_allowed()
    {
        // Write-around at 5 left a tombstone; the reader then loaded exactly row 5 from the store.
        var key = Key();
        await SetAsync(key, 4, ttl: null);
        await InvalidateAsync(key, 5, InvalidationKind.Invalidated);

        Assert.That(await FillAsync(key, 5, TimeSpan.FromMinutes(5)), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(5, Data(5))));
        Assert.That(await TtlAsync(key), AboutTtl(TimeSpan.FromMinutes(5)), "the fill replaces the tombstone's ttl");
    }

    [Test]
    public async Task Fill_at_an_older_version_over_an_invalidated_tombstone_is_refused()
    {
        // The stale-fill race: the reader loaded row 4, then write-around 5 invalidated the entry, then the fill arrives.
        var key = Key();
        await InvalidateAsync(key, 5, InvalidationKind.Invalidated);

        Assert.That(await FillAsync(key, 4), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(TombstoneFields(5, "invalidated")));
        Assert.That(await TtlAsync(key), AboutTtl(TombstoneTtl));
    }

    [Test]
    public async Task Fill_at_the_same_version_over_a_deleted_tombstone_is_refused()
    {
        var key = Key();
        await InvalidateAsync(key, 5, InvalidationKind.Deleted);

        Assert.That(await FillAsync(key, 5), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(TombstoneFields(5, "deleted")));
    }

    [Test]
    public async Task Fill_at_an_older_version_over_a_deleted_tombstone_is_refused()
    {
        var key = Key();
        await InvalidateAsync(key, 5, InvalidationKind.Deleted);

        Assert.That(await FillAsync(key, 4), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(TombstoneFields(5, "deleted")));
    }

    [Test]
    public async Task Fill_at_a_newer_version_over_a_deleted_tombstone_is_allowed()
    {
        var key = Key();
        await InvalidateAsync(key, 5, InvalidationKind.Deleted);

        Assert.That(await FillAsync(key, 6, ttl: null), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(6, Data(6))));
        Assert.That(await TtlAsync(key), Is.Null);
    }

    [Test]
    public async Task Second_fill_at_the_same_version_after_the_tombstone_was_filled_is_refused()
    {
        var key = Key();
        await InvalidateAsync(key, 5, InvalidationKind.Invalidated);
        await FillAsync(key, 5);

        Assert.That(await Cache.FillIfNotFencedAsync(key, 5, """{"second":"reader"}""", ttl: null, None), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(5, Data(5))));
    }
}
