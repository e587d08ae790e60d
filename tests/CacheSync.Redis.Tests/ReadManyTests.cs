using CacheSync.Core.Caching;

namespace CacheSync.Redis.Tests;

[TestFixture]
[Category("Integration")]
public sealed class ReadManyTests : RedisTestBase
{
    [Test]
    public async Task Read_many_answers_each_key_in_order_with_null_where_there_is_no_entry()
    {
        var live = Key("live");
        var invalidated = Key("invalidated");
        var deleted = Key("deleted");
        var dependent = Key("dependent");
        var absent = Key("absent");
        await SetAsync(live, 3, TimeSpan.FromMinutes(5));
        await InvalidateAsync(invalidated, 4, InvalidationKind.Invalidated);
        await InvalidateAsync(deleted, 5, InvalidationKind.Deleted);
        await Cache.InvalidateDependentAsync(dependent, 9, None);

        var entries = await Cache.ReadManyAsync([live, absent, invalidated, deleted, dependent, live], None);

        Assert.That(entries, Is.EqualTo(new CacheEntry?[]
        {
            new(3, CacheEntryState.Live, Data(3), null),
            null,
            new(4, CacheEntryState.Invalidated, null, null),
            new(5, CacheEntryState.Deleted, null, null),
            new(0, CacheEntryState.Invalidated, null, null),
            new(3, CacheEntryState.Live, Data(3), null),
        }));
    }

    [Test]
    public async Task Read_many_of_no_keys_is_empty()
    {
        Assert.That(await Cache.ReadManyAsync([], None), Is.Empty);
    }

    [Test]
    public async Task Read_many_versions_above_2_pow_53_are_exact()
    {
        var key = Key();
        await SetAsync(key, long.MaxValue);

        var entries = await Cache.ReadManyAsync([key], None);

        Assert.That(entries[0]?.Version, Is.EqualTo(long.MaxValue));
    }
}
