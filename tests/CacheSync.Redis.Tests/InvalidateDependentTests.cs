namespace CacheSync.Redis.Tests;

[TestFixture]
[Category("Integration")]
public sealed class InvalidateDependentTests : RedisTestBase
{
    [Test]
    public async Task Invalidate_dependent_overrides_an_entry_with_a_higher_version()
    {
        var key = Key("list");
        await SetAsync(key, 100, ttl: null);

        await Cache.InvalidateDependentAsync(key, 5, None);

        Assert.That(await RawAsync(key), Is.EqualTo(TombstoneFields(5, "invalidated")));
        Assert.That(await TtlAsync(key), AboutTtl(TombstoneTtl));
    }

    [Test]
    public async Task Invalidate_dependent_of_an_empty_key_writes_a_tombstone_with_the_tombstone_ttl()
    {
        var key = Key("list");

        await Cache.InvalidateDependentAsync(key, 5, None);

        Assert.That(await RawAsync(key), Is.EqualTo(TombstoneFields(5, "invalidated")));
        Assert.That(await TtlAsync(key), AboutTtl(TombstoneTtl));
        var entry = await Cache.ReadAsync(key, None);
        Assert.That(entry, Is.EqualTo(new CacheEntry(5, CacheEntryState.Invalidated, null, entry?.TimeToLive)));
    }

    [Test]
    public async Task Invalidate_dependent_repeated_at_the_same_version_is_harmless()
    {
        var key = Key("list");
        await Cache.InvalidateDependentAsync(key, 5, None);

        await Cache.InvalidateDependentAsync(key, 5, None);

        Assert.That(await RawAsync(key), Is.EqualTo(TombstoneFields(5, "invalidated")));
    }

    [Test]
    public async Task Invalidate_dependent_replaces_a_deleted_tombstone()
    {
        var key = Key("list");
        await InvalidateAsync(key, 9, Core.Caching.InvalidationKind.Deleted);

        await Cache.InvalidateDependentAsync(key, 2, None);

        Assert.That(await RawAsync(key), Is.EqualTo(TombstoneFields(2, "invalidated")));
    }
}
