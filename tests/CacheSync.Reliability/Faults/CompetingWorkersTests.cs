using System.Globalization;
using CacheSync.Reliability.Accounting;

namespace CacheSync.Reliability.Faults;

/// <summary>
/// Two workers on one queue, one store and one Redis, fed many duplicates (half of them right behind the original,
/// so the two copies usually go to different workers at the same moment) and reordered versions over few keys.
/// </summary>
[Category("Reliability")]
[NonParallelizable]
public sealed class CompetingWorkersTests
{
    [Test]
    [CancelAfter(150_000)]
    public async Task Two_workers_on_one_queue_keep_every_fence_and_apply_each_event_once(CancellationToken cancellationToken)
    {
        var script = EventScript.Generate(new ScriptShape(Seed: 5005, Events: 1200, Keys: 20, DuplicateFraction: 0.3, AdjacentDuplicateFraction: 0.5));
        TestContext.Out.WriteLine(script);
        var clock = new ScenarioClock();
        await using var first = new WorkerHarness(FaultSettings.Apply);

        // The second host runs on the first one's settings (exchange, queue, DLQ, store file, Redis prefix) with a
        // health port of its own; the names its own harness made up stay unused, and its cleanup finds nothing of them.
        await using var second = new WorkerHarness(s =>
        {
            foreach (var (key, value) in first.Settings) s[key] = value;
            s["CacheSync:Health:Port"] = WorkerHarness.FreePort().ToString(CultureInfo.InvariantCulture);
        });
        await using var accounting = new EventAccounting(first.Settings);
        StoreEffectLog.Install(first.SqlitePath, accounting.Tables);
        await first.StartAsync();
        await second.StartAsync();
        clock.Mark("two workers consuming");

        await using var publisher = new ConfirmedPublisher(new Uri(TestEnvironment.RabbitMqUri), first.Exchange);
        await publisher.PublishAsync(script.PublishOrder, TimeSpan.FromSeconds(60), cancellationToken);
        var ledger = EventLedger.Of(script, publisher.Confirmed);
        await accounting.WaitUntilSettledAsync(ledger, ExpectedDeadLetters.None, TimeSpan.FromSeconds(90), cancellationToken);
        clock.Mark("settled");
        await first.StopAsync();
        await second.StopAsync();

        var byWorker = new[] { first.Outcomes, second.Outcomes };
        TestContext.Out.WriteLine($"deliveries acked: {byWorker[0].Count} by the first worker, {byWorker[1].Count} by the second");
        Assert.That(byWorker, Has.All.Not.Empty, "both workers took part");
        var decisions = new WorkerDecisions(byWorker, Complete: true, ReplicasMayRace: true);
        (await accounting.AuditAsync(ledger, ExpectedDeadLetters.None, decisions, cancellationToken)).AssertBalanced("with two workers");
    }
}
