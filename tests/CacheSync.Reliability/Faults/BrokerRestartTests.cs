using CacheSync.Reliability.Accounting;

namespace CacheSync.Reliability.Faults;

/// <summary>
/// RabbitMQ stopped (<c>rabbitmqctl stop_app</c>) while the worker works through a backlog, then started again; a
/// producer keeps publishing through the outage. Runs against a RabbitMQ node of its own, never the shared one.
/// </summary>
[Category("Reliability")]
[NonParallelizable]
public sealed class BrokerRestartTests
{
    [Test]
    [CancelAfter(150_000)]
    public async Task The_broker_stopped_and_started_mid_stream_loses_no_confirmed_event(CancellationToken cancellationToken)
    {
        var script = EventScript.Generate(new ScriptShape(Seed: 2002, Events: 1200, Keys: 30));
        TestContext.Out.WriteLine(script);
        var clock = new ScenarioClock();
        await using var node = await RabbitMqNodeProcess.StartAsync(cancellationToken);
        await using var harness = new WorkerHarness(s =>
        {
            FaultSettings.Apply(s);
            s["CacheSync:RabbitMq:Uri"] = node.Uri.ToString();
        });
        await using var accounting = new EventAccounting(harness.Settings);
        StoreEffectLog.Install(harness.SqlitePath, accounting.Tables);
        clock.Mark("private node up");
        await harness.StartAsync();
        clock.Mark("worker consuming");
        await using var publisher = new ConfirmedPublisher(node.Uri, harness.Exchange);

        var firstHalf = script.PublishOrder.Take(script.PublishOrder.Count / 2).ToList();
        await publisher.PublishAsync(firstHalf, TimeSpan.FromSeconds(60), cancellationToken);
        await accounting.WaitUntilSeenAsync(script.Events, firstHalf.Count / 5, TimeSpan.FromSeconds(45), cancellationToken);
        var backlog = await accounting.WorkQueueReadyAsync(cancellationToken);
        clock.Mark("first half published and partly consumed");
        await node.StopAppAsync(cancellationToken);
        clock.Mark("stop_app");
        Assert.That(backlog, Is.GreaterThan(0u), "the broker stopped while the worker still had a backlog to work through");

        // The producer goes on through the outage: what the broker does not confirm is sent again once it is back.
        using var stopPublishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var secondHalf = publisher.PublishAsync(script.PublishOrder.Skip(firstHalf.Count), TimeSpan.FromSeconds(90), stopPublishing.Token);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            await node.StartAppAsync(cancellationToken);
            clock.Mark("start_app");
            await secondHalf;
            clock.Mark("second half confirmed");
        }
        finally
        {
            // If the broker did not come back, the producer must not go on retrying after the test.
            await stopPublishing.CancelAsync();
            await Task.WhenAny(secondHalf);
        }

        TestContext.Out.WriteLine($"backlog at stop_app: {backlog}; published: {publisher.Confirmed.Values.Sum()} copies confirmed, {publisher.Resent} sent again");

        // Only what the broker confirmed counts as published; the worker had to reconnect and resume by itself.
        var ledger = EventLedger.Of(script, publisher.Confirmed);
        await accounting.WaitUntilSettledAsync(ledger, ExpectedDeadLetters.None, TimeSpan.FromSeconds(90), cancellationToken);
        clock.Mark("settled");
        await harness.StopAsync();
        clock.Mark("worker stopped");
        var decisions = WorkerDecisions.OfOneWorker(harness.Outcomes);
        (await accounting.AuditAsync(ledger, ExpectedDeadLetters.None, decisions, cancellationToken)).AssertBalanced("after the broker restart");
    }
}
