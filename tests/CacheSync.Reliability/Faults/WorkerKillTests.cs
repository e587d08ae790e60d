using CacheSync.Reliability.Accounting;

namespace CacheSync.Reliability.Faults;

/// <summary>The worker process killed with SIGKILL while it works through a backlog, and started again, twice.</summary>
[Category("Reliability")]
[NonParallelizable]
public sealed class WorkerKillTests
{
    [Test]
    [CancelAfter(150_000)]
    public async Task A_worker_killed_mid_stream_and_restarted_loses_no_event_and_applies_none_twice(CancellationToken cancellationToken)
    {
        var script = EventScript.Generate(new ScriptShape(Seed: 1001, Events: 1500, Keys: 40));
        TestContext.Out.WriteLine(script);

        // The harness gives the scenario its own exchange, queues, store file, Redis prefix and health port; the worker
        // itself runs as a separate process on those settings.
        await using var harness = new WorkerHarness(FaultSettings.Apply);
        await using var accounting = new EventAccounting(harness.Settings);
        StoreEffectLog.Install(harness.SqlitePath, accounting.Tables);
        await using var publisher = new ConfirmedPublisher(new Uri(TestEnvironment.RabbitMqUri), harness.Exchange);

        var workers = new List<WorkerProcess>();
        using var stopPublishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var publishing = Task.CompletedTask;
        try
        {
            async Task<WorkerProcess> StartWorkerAsync()
            {
                var worker = WorkerProcess.Start($"worker-{workers.Count + 1}", harness.Settings);
                workers.Add(worker);
                await worker.WaitUntilReadyAsync(harness.HealthUrl, TimeSpan.FromSeconds(30), cancellationToken);
                return worker;
            }

            var clock = new ScenarioClock();
            var first = await StartWorkerAsync();
            clock.Mark("first worker ready");
            publishing = publisher.PublishAsync(script.PublishOrder, TimeSpan.FromSeconds(60), stopPublishing.Token);

            // Each kill lands while the worker is busy with the backlog: messages in flight, some applied but not acked.
            var seenAtFirstKill = await accounting.WaitUntilSeenAsync(script.Events, script.Events.Count / 5, TimeSpan.FromSeconds(45), cancellationToken);
            var backlogAtFirstKill = await accounting.WorkQueueReadyAsync(cancellationToken);
            await first.KillAsync();
            clock.Mark($"first worker killed, {seenAtFirstKill} events seen");
            var second = await StartWorkerAsync();
            var seenAtSecondKill = await accounting.WaitUntilSeenAsync(script.Events, script.Events.Count / 2, TimeSpan.FromSeconds(45), cancellationToken);
            await second.KillAsync();
            clock.Mark($"second worker killed, {seenAtSecondKill} of {script.Events.Count} events seen");
            Assert.That(backlogAtFirstKill, Is.GreaterThan(0u), "the first kill happened with a backlog waiting");
            Assert.That(seenAtSecondKill, Is.LessThan(script.Events.Count), "the second kill happened mid-stream");

            var third = await StartWorkerAsync();
            await publishing;
            TestContext.Out.WriteLine($"published: {publisher.Confirmed.Values.Sum()} copies confirmed, {publisher.Resent} sent again");
            var ledger = EventLedger.Of(script, publisher.Confirmed);
            await accounting.WaitUntilSettledAsync(ledger, ExpectedDeadLetters.None, TimeSpan.FromSeconds(60), cancellationToken);

            clock.Mark("settled");

            // Stopped before the audit, so anything it still held unacked would be back in the queue and counted.
            await third.StopAsync();
            clock.Mark("third worker stopped");
            var decisions = new WorkerDecisions([.. workers.Select(w => w.Outcomes)], Complete: false);
            (await accounting.AuditAsync(ledger, ExpectedDeadLetters.None, decisions, cancellationToken)).AssertBalanced("after two kills");
        }
        finally
        {
            // A failed test must not leave the producer running: stopped, and waited for without masking the failure.
            await stopPublishing.CancelAsync();
            await Task.WhenAny(publishing);
            foreach (var worker in workers) await worker.DisposeAsync();
        }
    }
}
