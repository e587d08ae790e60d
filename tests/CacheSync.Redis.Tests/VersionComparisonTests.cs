using CacheSync.Core.Caching;

namespace CacheSync.Redis.Tests;

/// <summary>The scripts compare versions as decimal strings (length, then text), so they stay exact past 2^53.</summary>
[TestFixture]
[Category("Integration")]
public sealed class VersionComparisonTests : RedisTestBase
{
    private const long TwoTo53 = 9_007_199_254_740_992;

    [Test]
    public async Task Version_one_past_two_to_the_53_is_newer_than_two_to_the_53()
    {
        var key = Key();
        await SetAsync(key, TwoTo53, ttl: null);

        Assert.That(await SetAsync(key, TwoTo53 + 1, ttl: null), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(TwoTo53 + 1, Data(TwoTo53 + 1))));
        Assert.That((await Cache.ReadAsync(key, None))?.Version, Is.EqualTo(9_007_199_254_740_993));
    }

    [Test]
    public async Task Version_two_to_the_53_is_fenced_by_one_past_it()
    {
        var key = Key();
        await SetAsync(key, TwoTo53 + 1, ttl: null);

        Assert.That(await SetAsync(key, TwoTo53, ttl: null), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(TwoTo53 + 1, Data(TwoTo53 + 1))));
    }

    [Test]
    public async Task Invalidate_and_fill_compare_exactly_past_two_to_the_53()
    {
        var key = Key();
        await SetAsync(key, TwoTo53, ttl: null);

        Assert.That(await InvalidateAsync(key, TwoTo53 + 1), Is.EqualTo(CacheWriteOutcome.Written));
        Assert.That(await FillAsync(key, TwoTo53), Is.EqualTo(CacheWriteOutcome.Fenced));
        Assert.That(await FillAsync(key, TwoTo53 + 1), Is.EqualTo(CacheWriteOutcome.Written));
        Assert.That(await InvalidateAsync(key, TwoTo53 + 1), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(TwoTo53 + 1, Data(TwoTo53 + 1))));
    }

    [Test]
    public async Task Version_long_max_value_is_written_read_back_and_fences_itself()
    {
        var key = Key();
        await SetAsync(key, long.MaxValue - 1, ttl: null);

        Assert.That(await SetAsync(key, long.MaxValue, ttl: null), Is.EqualTo(CacheWriteOutcome.Written));
        Assert.That(await SetAsync(key, long.MaxValue, ttl: null), Is.EqualTo(CacheWriteOutcome.Fenced));
        Assert.That(await SetAsync(key, long.MaxValue - 1, ttl: null), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That((await RawAsync(key))["version"], Is.EqualTo("9223372036854775807"));
        Assert.That(await Cache.ReadAsync(key, None), Is.EqualTo(new CacheEntry(long.MaxValue, CacheEntryState.Live, Data(long.MaxValue), null)));
    }

    [Test]
    public async Task Version_10_is_newer_than_version_9_by_length()
    {
        var key = Key();
        await SetAsync(key, 9, ttl: null);

        Assert.That(await SetAsync(key, 10, ttl: null), Is.EqualTo(CacheWriteOutcome.Written));
        Assert.That(await SetAsync(key, 9, ttl: null), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(10, Data(10))));
    }

    [Test]
    public async Task Version_9_tombstone_does_not_fence_a_fill_at_10()
    {
        var key = Key();
        await InvalidateAsync(key, 9, InvalidationKind.Deleted);

        Assert.That(await FillAsync(key, 10), Is.EqualTo(CacheWriteOutcome.Written));
        Assert.That(await InvalidateAsync(key, 9), Is.EqualTo(CacheWriteOutcome.Fenced));
    }

    [Test]
    public async Task Version_zero_is_older_than_one()
    {
        var key = Key();
        Assert.That(await SetAsync(key, 0, ttl: null), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await SetAsync(key, 1, ttl: null), Is.EqualTo(CacheWriteOutcome.Written));
        Assert.That(await SetAsync(key, 0, ttl: null), Is.EqualTo(CacheWriteOutcome.Fenced));
    }
}
