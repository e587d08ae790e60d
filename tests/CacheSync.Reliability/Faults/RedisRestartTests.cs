using CacheSync.Reliability.Accounting;

namespace CacheSync.Reliability.Faults;

/// <summary>
/// Redis killed while the worker works through a backlog, and started again a few seconds later (several retry
/// budgets). The worker must pause rather than dead-letter (the circuit breaker) and resume by itself. Runs against a
/// redis-server of its own, never the shared one.
/// </summary>
[Category("Reliability")]
[NonParallelizable]
public sealed class RedisRestartTests
{
    private const int Prefetch = 32;

    [Test]
    [CancelAfter(150_000)]
    public async Task Redis_killed_and_restarted_mid_stream_pauses_the_worker_and_dead_letters_nothing(CancellationToken cancellationToken)
    {
        var script = EventScript.Generate(new ScriptShape(Seed: 3003, Events: 1200, Keys: 30));
        TestContext.Out.WriteLine(script);
        var clock = new ScenarioClock();
        using var redis = new RedisServerProcess();
        await redis.StartAsync(cancellationToken);
        await using var harness = new WorkerHarness(s =>
        {
            FaultSettings.Apply(s);
            s["CacheSync:Redis:Configuration"] = redis.Configuration;
            s["CacheSync:RabbitMq:PrefetchCount"] = $"{Prefetch}";
        });
        await using var accounting = new EventAccounting(harness.Settings);
        StoreEffectLog.Install(harness.SqlitePath, accounting.Tables);
        await harness.StartAsync();
        await using var publisher = new ConfirmedPublisher(new Uri(TestEnvironment.RabbitMqUri), harness.Exchange);
        await publisher.PublishAsync(script.PublishOrder, TimeSpan.FromSeconds(60), cancellationToken);
        var ledger = EventLedger.Of(script, publisher.Confirmed);

        await accounting.WaitUntilSeenAsync(script.Events, script.Events.Count / 4, TimeSpan.FromSeconds(45), cancellationToken);
        redis.Kill();
        clock.Mark("redis-server killed");

        // During the outage: once the deliveries in hand have failed, nothing more is taken from the queue (at most
        // the prefetch is held, unacked) and nothing is dead-lettered, although 5 s is many retry budgets of 5 attempts.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var readyEarly = await accounting.WorkQueueReadyAsync(cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);
        var readyLate = await accounting.WorkQueueReadyAsync(cancellationToken);
        var deadLettered = await accounting.DeadLetterQueueReadyAsync(cancellationToken);
        TestContext.Out.WriteLine($"during the outage: {readyEarly} then {readyLate} ready in the work queue, {deadLettered} in the DLQ");
        Assert.Multiple(() =>
        {
            Assert.That(readyLate, Is.GreaterThan(0u), "the outage began with a backlog");
            Assert.That((long)readyEarly - readyLate, Is.LessThanOrEqualTo(Prefetch), "consumption paused during the outage");
            Assert.That(deadLettered, Is.Zero, "nothing dead-lettered during the outage");
        });

        await redis.StartAsync(cancellationToken);
        clock.Mark("redis-server started again on the same port and data");
        await accounting.WaitUntilSettledAsync(ledger, ExpectedDeadLetters.None, TimeSpan.FromSeconds(60), cancellationToken);
        clock.Mark("settled");
        await harness.StopAsync();
        var decisions = WorkerDecisions.OfOneWorker(harness.Outcomes);
        (await accounting.AuditAsync(ledger, ExpectedDeadLetters.None, decisions, cancellationToken)).AssertBalanced("after the Redis restart");
    }
}
