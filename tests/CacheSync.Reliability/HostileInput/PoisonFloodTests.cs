using System.Diagnostics;
using System.Globalization;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// A flood of poison does not halt valid traffic: 3,000 hostile messages with 300 valid events among them, waiting in
/// the queue when the worker starts, all end where they belong (every valid event applied, every poison message in the
/// DLQ once, with its reason). How long the valid events took, with and without the flood, is reported, not asserted.
/// </summary>
[Category("Reliability")]
[NonParallelizable]
public sealed class PoisonFloodTests
{
    private const int Seed = 20_260_930;
    private const int ValidCount = 300;
    private const int PoisonCount = 3000;

    [Test]
    public async Task Valid_events_get_through_a_flood_of_poison_and_the_flood_lands_in_the_DLQ()
    {
        var alone = await RunAsync(poisonCount: 0);
        var flooded = await RunAsync(PoisonCount);

        TestContext.Out.WriteLine($"seed {Seed}, {ValidCount} valid events, worker started on a full queue (start-up included, about {alone.StartUp.TotalSeconds:F1} s / {flooded.StartUp.TotalSeconds:F1} s):");
        TestContext.Out.WriteLine($"  alone:            all valid applied after {alone.ValidApplied.TotalSeconds:F1} s; managed heap grew {alone.HeapGrowth / 1e6:F1} MB");
        TestContext.Out.WriteLine($"  with {flooded.Poison} poison: all valid applied after {flooded.ValidApplied.TotalSeconds:F1} s, the flood in the DLQ after {flooded.Settled.TotalSeconds:F1} s; managed heap grew {flooded.HeapGrowth / 1e6:F1} MB");
        Assert.Multiple(() =>
        {
            Assert.That(alone.Problems, Is.Empty, $"seed {Seed}, valid events alone:\n{string.Join("\n", alone.Problems.Take(30))}");
            Assert.That(flooded.Problems, Is.Empty, $"seed {Seed}, with the flood: {flooded.Problems.Count} problems:\n{string.Join("\n", flooded.Problems.Take(30))}");
        });
    }

    private sealed record Run(int Poison, TimeSpan StartUp, TimeSpan ValidApplied, TimeSpan Settled, long HeapGrowth, List<string> Problems);

    private static async Task<Run> RunAsync(int poisonCount)
    {
        const int maxMessageBytes = 256 * 1024;
        var since = DateTimeOffset.UtcNow;
        await using var worker = new WorkerHarness(s => s["CacheSync:MaxMessageBytes"] = maxMessageBytes.ToString(CultureInfo.InvariantCulture));
        var events = new PolicyEvents(Seed, worker.Prefix);
        var traffic = new HostileTraffic(Seed, maxMessageBytes);
        var hostile = HostileMix.ContractHostile(Seed, poisonCount / 2, maxMessageBytes)
            .Concat(Enumerable.Range(0, poisonCount / 3).Select(events.Hostile))
            .Concat(HostileMix.Mutated(events, Seed, poisonCount));
        foreach (var mixCase in hostile)
        {
            if (traffic.Messages.Count >= poisonCount) break;
            traffic.AddHostile(mixCase);
        }

        var valid = Enumerable.Range(0, ValidCount).Select(events.Valid).ToList();
        valid.ForEach(traffic.AddValid);
        var messages = traffic.Shuffled();
        var ledger = new DeadLetterLedger(messages, since);

        // The queue is declared by a first start, then filled while no worker runs: the clock measures the worker alone.
        await worker.StartAsync();
        await worker.StopAsync();
        await using (var publisher = await BarePublisher.ConnectAsync(worker.Exchange))
        {
            await publisher.PublishAsync(messages);
        }

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        await worker.StartAsync();
        var startUp = clock.Elapsed;
        var validApplied = TimeSpan.Zero;
        var settled = await Settle.WithinAsync(TimeSpan.FromSeconds(120), async () =>
        {
            if (validApplied == TimeSpan.Zero && valid.All(v => worker.TimesApplied(v.Write!.Id) > 0)) validApplied = clock.Elapsed;
            return validApplied > TimeSpan.Zero && await worker.ReadyMessagesAsync(worker.DeadLetterQueue) >= ledger.ExpectedCount;
        });
        var settledAfter = clock.Elapsed;

        // The worker runs in this process: what its managed heap grew by over the run, the test's own messages
        // having been made (and the dead letters not yet taken) before both readings.
        var heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;

        // Counted first and taken out after, so that taking them (one round trip each) does not slow the clock above.
        var letters = await worker.DrainDeadLettersAsync();
        var problems = ledger.Problems(letters);
        if (!settled) problems.Insert(0, $"not settled after 120 s: {letters.Count} of {ledger.ExpectedCount} dead letters, {valid.Count(v => worker.TimesApplied(v.Write!.Id) > 0)} of {valid.Count} valid events applied");
        foreach (var write in valid.Select(v => v.Write!))
        {
            var key = write.Entity == "audit_entry" ? worker.AuditKey(write.Key) : worker.UserModelKey(write.Key);
            if (WriteChecks.Problem(write, await worker.ReadStoreAsync(write.Table, write.Key), await worker.ReadCacheAsync(key)) is { } problem) problems.Add(problem);
        }

        if (await worker.ReadyMessagesAsync(worker.Queue) is var left and > 0) problems.Add($"{left} messages left in the work queue");
        return new Run(ledger.ExpectedCount, startUp, validApplied, settledAfter, heapGrowth, problems);
    }
}
