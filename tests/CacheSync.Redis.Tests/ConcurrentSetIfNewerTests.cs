using CacheSync.Core.Caching;

namespace CacheSync.Redis.Tests;

[TestFixture]
[Category("Integration")]
public sealed class ConcurrentSetIfNewerTests : RedisTestBase
{
    [Test]
    [CancelAfter(15_000)]
    public async Task Fifty_parallel_sets_with_shuffled_versions_leave_the_highest(CancellationToken cancellationToken)
    {
        var key = Key();
        var versions = Enumerable.Range(1, 50).Select(v => (long)v).ToArray();
        new Random(4242).Shuffle(versions);

        // Separate cache instances, as separate workers would have, all on the shared connection.
        var writes = versions.Select(version => Task.Run(
            async () => (Version: version, Outcome: await NewCache().SetIfNewerAsync(key, version, Data(version), null, cancellationToken)),
            cancellationToken)).ToArray();
        var results = await Task.WhenAll(writes);

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(50, Data(50))));
        Assert.That(results.Single(r => r.Version == 50).Outcome, Is.EqualTo(CacheWriteOutcome.Written));
        Assert.That(results.Count(r => r.Outcome == CacheWriteOutcome.Written), Is.InRange(1, 50));
        Assert.That(await TtlAsync(key), Is.Null);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task Parallel_sets_and_fills_with_shuffled_versions_leave_the_highest(CancellationToken cancellationToken)
    {
        var key = Key();
        var versions = Enumerable.Range(1, 50).Select(v => (long)v).ToArray();
        new Random(99).Shuffle(versions);

        var writes = versions.Select(version => version % 2 == 0
            ? Cache.SetIfNewerAsync(key, version, Data(version), TimeSpan.FromMinutes(1), cancellationToken)
            : Cache.FillIfNotFencedAsync(key, version, Data(version), TimeSpan.FromMinutes(1), cancellationToken)).ToArray();
        await Task.WhenAll(writes);

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(50, Data(50))));
    }
}
