using CacheSync.Reader;
namespace CacheSync.Reader.Tests;

/// <summary>Concurrent misses of one record in one process share one store read.</summary>
[TestFixture]
[Category("Integration")]
public sealed class StampedeTests : ReaderTestBase
{
    [Test]
    [CancelAfter(15_000)]
    public async Task A_hundred_concurrent_misses_of_one_key_read_the_store_once(CancellationToken cancellationToken)
    {
        await StoreOnlyAsync(UserModel, "hot", 7);
        Store.ReadDelay = TimeSpan.FromMilliseconds(200);
        using var start = new ManualResetEventSlim();

        var readers = Enumerable.Range(0, 100)
            .Select(_ => Task.Run(() => { start.Wait(cancellationToken); return Reader.GetAsync(UserModel, "hot", cancellationToken); }, cancellationToken))
            .ToArray();
        start.Set();
        var results = await Task.WhenAll(readers);

        Assert.That(Store.Reads, Is.EqualTo(1));
        // A reader the thread pool starts late (2 cores, 100 tasks) may find the entry already filled: same record.
        Assert.That(results.Select(r => (r!.Version, r.DataJson)), Has.All.EqualTo((7L, FromStore("hot", 7).DataJson)));
        Assert.That(results.Count(r => r!.Source == RecordSource.Store), Is.GreaterThanOrEqualTo(1));
        Assert.That(await RawAsync(CacheKey(UserModel, "hot")), Is.EqualTo(LiveFields("hot", 7)));
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task A_failed_store_read_fails_everyone_waiting_on_it_and_is_not_remembered(CancellationToken cancellationToken)
    {
        await StoreOnlyAsync(UserModel, "hot", 7);
        Store.ReadDelay = TimeSpan.FromMilliseconds(200);
        Store.FailNextRead = new TimeoutException("store timed out");

        var readers = Enumerable.Range(0, 10).Select(_ => Reader.GetAsync(UserModel, "hot", cancellationToken)).ToArray();
        foreach (var reader in readers)
        {
            Assert.That(async () => await reader, Throws.TypeOf<TimeoutException>());
        }

        Assert.That(await Reader.GetAsync(UserModel, "hot", cancellationToken), Is.EqualTo(FromStore("hot", 7)), "the next miss reads again");
        Assert.That(Store.Reads, Is.EqualTo(2));
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task Misses_of_different_keys_are_not_shared(CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(1, 10).Select(i => $"k{i}").ToArray();
        foreach (var key in keys) await StoreOnlyAsync(UserModel, key, 1);
        Store.ReadDelay = TimeSpan.FromMilliseconds(100);

        var results = await Task.WhenAll(keys.Select(key => Reader.GetAsync(UserModel, key, cancellationToken)));

        Assert.That(results, Is.EqualTo(keys.Select(key => FromStore(key, 1))));
        Assert.That(Store.Reads, Is.EqualTo(10));
    }
}
