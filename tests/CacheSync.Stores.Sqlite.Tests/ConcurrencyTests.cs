using CacheSync.Core.Storage;

namespace CacheSync.Stores.Sqlite.Tests;

[TestFixture]
public sealed class ConcurrencyTests : StoreTestBase
{
    private const int KeyCount = 20;

    [Test]
    [CancelAfter(15_000)]
    public async Task Parallel_upserts_through_one_store_leave_each_key_at_its_highest_version(CancellationToken cancellationToken)
    {
        var plans = Plan(workers: 8, writesPerWorker: 200, seed: 20_240_601);

        var outcomes = await RunAsync(plans, _ => Store, cancellationToken);

        await AssertConvergedAsync(Store, plans, outcomes, cancellationToken);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task Parallel_upserts_through_two_stores_on_one_file_converge(CancellationToken cancellationToken)
    {
        var first = Store;
        var second = Database.CreateStore();
        var plans = Plan(workers: 8, writesPerWorker: 100, seed: 777);

        var outcomes = await RunAsync(plans, worker => worker % 2 == 0 ? first : second, cancellationToken);

        await AssertConvergedAsync(first, plans, outcomes, cancellationToken);
        await AssertConvergedAsync(second, plans, outcomes, cancellationToken);
    }

    private static (string Key, long Version)[][] Plan(int workers, int writesPerWorker, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, workers)
            .Select(_ => Enumerable.Range(0, writesPerWorker)
                .Select(_ => ($"key-{random.Next(KeyCount)}", (long)random.Next(1, 1_000)))
                .ToArray())
            .ToArray();
    }

    private static async Task<(string Key, long Version, StoreWriteOutcome Outcome)[]> RunAsync(
        (string Key, long Version)[][] plans, Func<int, SqliteRecordStore> storeFor, CancellationToken cancellationToken)
    {
        var workers = plans.Select((plan, worker) => Task.Run(async () =>
        {
            var store = storeFor(worker);
            var results = new List<(string, long, StoreWriteOutcome)>(plan.Length);
            foreach (var (key, version) in plan)
            {
                var outcome = (await store.UpsertAsync(Table, key, version, ValueOf(key, version), cancellationToken)).Outcome;
                results.Add((key, version, outcome));
            }

            return results;
        }, cancellationToken)).ToArray();

        List<(string, long, StoreWriteOutcome)>[] done = [];
        await Assert.ThatAsync(async () => done = await Task.WhenAll(workers), Throws.Nothing);
        return done.SelectMany(r => r).ToArray();
    }

    private static async Task AssertConvergedAsync(
        SqliteRecordStore store,
        (string Key, long Version)[][] plans,
        (string Key, long Version, StoreWriteOutcome Outcome)[] outcomes,
        CancellationToken cancellationToken)
    {
        var highest = plans.SelectMany(p => p)
            .GroupBy(w => w.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(w => w.Version), StringComparer.Ordinal);
        Assert.That(highest, Has.Count.EqualTo(KeyCount), "the seeded plan should touch every key");

        foreach (var (key, version) in highest)
        {
            var record = await store.ReadAsync(Table, key, cancellationToken);
            Assert.That(record, Is.EqualTo(new StoredRecord(key, version, ValueOf(key, version), false)), key);
        }

        // The highest write of a key can never have been refused as stale; exactly one write applies each version.
        Assert.That(
            outcomes.Where(o => highest[o.Key] == o.Version).Select(o => o.Outcome),
            Has.None.EqualTo(StoreWriteOutcome.Stale));
        Assert.That(
            outcomes.Where(o => o.Outcome == StoreWriteOutcome.Applied).GroupBy(o => (o.Key, o.Version)).Select(g => g.Count()),
            Is.All.EqualTo(1));
    }

    private static string ValueOf(string key, long version) => $$"""{"key":"{{key}}","version":{{version}}}""";
}
