using CacheSync.Core.Processing;
using CacheSync.Reliability.Accounting;

namespace CacheSync.Reliability.Faults;

/// <summary>
/// <c>cachesync dlq replay</c> killed with SIGKILL part way through hundreds of dead letters, then run again. The
/// dead letters are made honestly: the worker's policy requires a field the producer does not send, until an
/// operator fixes the policy.
/// </summary>
[Category("Reliability")]
[NonParallelizable]
public sealed class CliReplayKillTests
{
    private const string RequiredSetting = "CacheSync:Entities:user_model:Required:0";

    [Test]
    [CancelAfter(150_000)]
    public async Task A_replay_killed_part_way_and_run_again_applies_every_event_once_and_empties_the_DLQ(CancellationToken cancellationToken)
    {
        var script = EventScript.Generate(new ScriptShape(Seed: 6006, Events: 600, Keys: 30, DuplicateFraction: 0.15));
        TestContext.Out.WriteLine(script);
        var clock = new ScenarioClock();
        await using var harness = new WorkerHarness(s =>
        {
            FaultSettings.Apply(s);
            s[RequiredSetting] = "email"; // a policy change the producers have not caught up with
        });
        await using var accounting = new EventAccounting(harness.Settings);
        StoreEffectLog.Install(harness.SqlitePath, accounting.Tables);
        await harness.StartAsync();
        await using var publisher = new ConfirmedPublisher(new Uri(TestEnvironment.RabbitMqUri), harness.Exchange);
        await publisher.PublishAsync(script.PublishOrder, TimeSpan.FromSeconds(60), cancellationToken);
        var ledger = EventLedger.Of(script, publisher.Confirmed);

        // Every user_model upsert lacks data.email: all their copies are dead-lettered; deletes and audit entries apply.
        var refused = ledger.Events.Where(e => e.Entity == EventScript.WriteThroughEntity && !e.IsDelete).ToList();
        var expected = ExpectedDeadLetters.AllCopiesOf(refused, ledger, ProcessingReasons.ValidationFailed);
        await accounting.WaitUntilSettledAsync(ledger, expected, TimeSpan.FromSeconds(60), cancellationToken);
        clock.Mark($"{expected.TotalCopies} dead letters");
        (await accounting.AuditAsync(ledger, expected, WorkerDecisions.OfOneWorker(harness.Outcomes), cancellationToken)).AssertBalanced("before the replay");

        await harness.StopAsync();
        harness.Reconfigure(s => s[RequiredSetting] = "user_id");
        await harness.StartAsync();

        uint depthAtKill;
        await using (var replay = CliProcess.Start(harness.Settings, "dlq", "replay", "--all", "--rate", "100"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(45);
            while ((depthAtKill = await accounting.DeadLetterQueueReadyAsync(cancellationToken)) > expected.TotalCopies * 6 / 10 && !replay.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }

            Assert.That(replay.HasExited, Is.False, $"the replay was still running when it was killed: {replay.Output}");
            await replay.KillAsync();
            clock.Mark("replay killed");
        }

        // The killed replay's connection is gone: what it held unacked goes back to the DLQ. Wait until every refused
        // event is accounted for again (seen by the worker, or back in the DLQ), then replay the rest.
        var seen = await accounting.SeenAsync(refused);
        TestContext.Out.WriteLine($"killed with {depthAtKill} of {expected.TotalCopies} dead letters left in the DLQ; {seen.Count} of {refused.Count} refused events applied so far");
        Assert.That(seen, Has.Count.GreaterThan(0).And.Count.LessThan(refused.Count), "the replay was killed part way");
        await WaitUntilBackInTheDeadLetterQueueOrSeenAsync(accounting, harness, refused, cancellationToken);

        var exitCode = await CliProcess.RunAsync(harness.Settings, TimeSpan.FromSeconds(60), cancellationToken, "dlq", "replay", "--all");
        Assert.That(exitCode, Is.Zero, "the second cachesync dlq replay --all");
        clock.Mark("second replay done");
        await accounting.WaitUntilSettledAsync(ledger, ExpectedDeadLetters.None, TimeSpan.FromSeconds(60), cancellationToken);
        clock.Mark("settled");
        await harness.StopAsync();
        (await accounting.AuditAsync(ledger, ExpectedDeadLetters.None, WorkerDecisions.OfOneWorker(harness.Outcomes), cancellationToken)).AssertBalanced("after the second replay");
    }

    private static async Task WaitUntilBackInTheDeadLetterQueueOrSeenAsync(EventAccounting accounting, WorkerHarness harness, List<ScenarioEvent> refused, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var seen = await accounting.SeenAsync(refused);
            var waiting = (await accounting.Queues.BrowseAsync(harness.DeadLetterQueue, cancellationToken)).Select(EventAccounting.EventIdOf).ToHashSet(StringComparer.Ordinal);
            var missing = refused.Where(e => !seen.Contains(e.Id) && !waiting.Contains(e.Id)).ToList();
            if (missing.Count == 0) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{missing.Count} refused events neither applied nor back in the DLQ, e.g. {missing[0]}");
            await Task.Delay(200, cancellationToken);
        }
    }
}
