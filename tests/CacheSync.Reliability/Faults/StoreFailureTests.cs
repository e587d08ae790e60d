using CacheSync.Core.Processing;
using CacheSync.Reliability.Accounting;

namespace CacheSync.Reliability.Faults;

/// <summary>The SQLite store failing while the worker works through a backlog: all of it for a while, or some records for longer.</summary>
[Category("Reliability")]
[NonParallelizable]
public sealed class StoreFailureTests
{
    [Test]
    [CancelAfter(150_000)]
    public async Task The_store_locked_for_a_while_is_retried_and_nothing_is_dead_lettered(CancellationToken cancellationToken)
    {
        var script = EventScript.Generate(new ScriptShape(Seed: 4004, Events: 1000, Keys: 30));
        TestContext.Out.WriteLine(script);
        var clock = new ScenarioClock();
        await using var harness = new WorkerHarness(s =>
        {
            FaultSettings.Apply(s);

            // A write meets the lock for 0.2 s (and Microsoft.Data.Sqlite's own wait of at least 1 s) before it fails
            // and is retried: a 3 s lock is a few failed attempts, none of them a message's last.
            s["CacheSync:Sqlite:BusyTimeout"] = "00:00:00.200";
        });
        await using var accounting = new EventAccounting(harness.Settings);
        StoreEffectLog.Install(harness.SqlitePath, accounting.Tables);
        await harness.StartAsync();
        await using var publisher = new ConfirmedPublisher(new Uri(TestEnvironment.RabbitMqUri), harness.Exchange);
        await publisher.PublishAsync(script.PublishOrder, TimeSpan.FromSeconds(60), cancellationToken);
        var ledger = EventLedger.Of(script, publisher.Confirmed);

        await accounting.WaitUntilSeenAsync(script.Events, script.Events.Count / 4, TimeSpan.FromSeconds(45), cancellationToken);
        long writesAtLock, writesAtRelease;
        using (SqliteWriteLock.Acquire(harness.SqlitePath))
        {
            clock.Mark("store locked");
            writesAtLock = StoreEffectLog.Count(harness.SqlitePath);
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            writesAtRelease = StoreEffectLog.Count(harness.SqlitePath);
            Assert.That(await accounting.DeadLetterQueueReadyAsync(cancellationToken), Is.Zero, "nothing dead-lettered while the store is locked");
        }

        clock.Mark($"store released; {writesAtRelease - writesAtLock} of the worker's writes went through while it was locked");
        Assert.That(writesAtRelease, Is.EqualTo(writesAtLock), "the lock really kept every write out");
        await accounting.WaitUntilSettledAsync(ledger, ExpectedDeadLetters.None, TimeSpan.FromSeconds(60), cancellationToken);
        clock.Mark("settled");
        await harness.StopAsync();
        var decisions = WorkerDecisions.OfOneWorker(harness.Outcomes);
        (await accounting.AuditAsync(ledger, ExpectedDeadLetters.None, decisions, cancellationToken)).AssertBalanced("after the store lock");
    }

    [Test]
    [CancelAfter(150_000)]
    public async Task Records_the_store_keeps_failing_are_dead_lettered_after_their_retries_and_replayed_once_it_recovers(CancellationToken cancellationToken)
    {
        var script = EventScript.Generate(new ScriptShape(Seed: 4005, Events: 1000, Keys: 30));
        TestContext.Out.WriteLine(script);
        var clock = new ScenarioClock();
        var failing = FailingEvents(script);
        TestContext.Out.WriteLine($"the store fails the writes of: {string.Join(", ", failing)}");
        await using var harness = new WorkerHarness(s =>
        {
            FaultSettings.Apply(s);

            // The fault is per record: the store takes every other write. The breaker is meant for the opposite
            // (failures from many events at once: a dependency down), and then pauses instead of spending budgets.
            // A few failing events can still fail five times in a row between two successes (more so at the end of
            // the stream, when nothing else is left to succeed) and then look like an outage; so the breaker here needs
            // failures from more different events than the fault touches. A real outage still opens it (Redis and
            // lock scenarios); what this shows is the other half: one record's failure ends, after Retry:MaxAttempts,
            // in the DLQ as retries-exhausted, and nothing else does.
            s["CacheSync:CircuitBreaker:FailureThreshold"] = $"{failing.Count + 1}";
            s["CacheSync:CircuitBreaker:MinimumDistinctEvents"] = $"{failing.Count + 1}";
        });
        await using var accounting = new EventAccounting(harness.Settings);
        StoreEffectLog.Install(harness.SqlitePath, accounting.Tables);
        RecordWriteFault.Arm(harness.SqlitePath, failing.Select(e => (TableOf(harness, e), e)));
        await harness.StartAsync();
        await using var publisher = new ConfirmedPublisher(new Uri(TestEnvironment.RabbitMqUri), harness.Exchange);
        await publisher.PublishAsync(script.PublishOrder, TimeSpan.FromSeconds(60), cancellationToken);
        var ledger = EventLedger.Of(script, publisher.Confirmed);

        // While the fault lasts: exactly the failing events' copies in the DLQ, everything else applied around them.
        var expected = ExpectedDeadLetters.AllCopiesOf(failing, ledger, ProcessingReasons.RetriesExhausted);
        await accounting.WaitUntilSettledAsync(ledger, expected, TimeSpan.FromSeconds(60), cancellationToken);
        clock.Mark("settled with the failing records in the DLQ");
        var decisions = WorkerDecisions.OfOneWorker(harness.Outcomes);
        (await accounting.AuditAsync(ledger, expected, decisions, cancellationToken)).AssertBalanced("with the fault, before the replay");

        // The fault clears; the operator replays the DLQ; the accounting must then close without it.
        RecordWriteFault.Clear(harness.SqlitePath);
        var exitCode = await CliProcess.RunAsync(harness.Settings, TimeSpan.FromSeconds(60), cancellationToken, "dlq", "replay", "--all");
        Assert.That(exitCode, Is.Zero, "cachesync dlq replay --all");
        clock.Mark("fault cleared, DLQ replayed");
        await accounting.WaitUntilSettledAsync(ledger, ExpectedDeadLetters.None, TimeSpan.FromSeconds(60), cancellationToken);
        clock.Mark("settled");
        await harness.StopAsync();
        decisions = WorkerDecisions.OfOneWorker(harness.Outcomes);
        (await accounting.AuditAsync(ledger, ExpectedDeadLetters.None, decisions, cancellationToken)).AssertBalanced("after the replay");
    }

    /// <summary>
    /// Events whose writes the store will fail: the newest write of a key (so the final state depends on the replay),
    /// one published twice (both copies must end in the DLQ, and be applied once), a delete, and one from mid-stream.
    /// </summary>
    private static List<ScenarioEvent> FailingEvents(EventScript script)
    {
        var duplicated = script.DuplicatedIds;
        var newest = script.Events.Where(e => e.Entity == EventScript.WriteThroughEntity).GroupBy(e => e.Key).First().MaxBy(e => e.Version)!;
        var chosen = new List<ScenarioEvent> { newest };
        chosen.Add(script.Events.First(e => duplicated.Contains(e.Id) && !e.IsDelete && !chosen.Contains(e)));
        chosen.Add(script.Events.First(e => e.IsDelete && !chosen.Contains(e)));
        chosen.Add(script.Events.Skip(script.Events.Count / 2).First(e => !chosen.Contains(e)));
        return chosen;
    }

    private static string TableOf(WorkerHarness harness, ScenarioEvent e) => EntityLayout.From(harness.Settings)[e.Entity].Table;
}
