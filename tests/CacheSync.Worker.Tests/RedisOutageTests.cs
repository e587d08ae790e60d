namespace CacheSync.Worker.Tests;

/// <summary>A Redis outage while events are processed ends in retries and success, not in the DLQ.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class RedisOutageTests
{
    [Test]
    public async Task Redis_outage_during_processing_ends_in_retries_and_success()
    {
        using var redis = new RedisServerProcess();
        await redis.StartAsync();
        await using var worker = new WorkerHarness(s =>
        {
            s["CacheSync:Redis:Configuration"] = redis.Configuration;
            s["CacheSync:Retry:MaxAttempts"] = "60";
            s["CacheSync:Retry:InitialDelay"] = "00:00:00.100";
            s["CacheSync:Retry:MaxDelay"] = "00:00:00.500";
        });
        await worker.StartAsync();
        await worker.PublishAsync(Events.UserModel(Events.NewId(), "before", 1, "u"));
        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadCacheAsync(worker.UserModelKey("before"))).Count > 0, "applied before the outage");

        redis.Kill();
        for (var i = 0; i < 10; i++)
        {
            await worker.PublishAsync(Events.UserModel(Events.NewId(), $"during{i}", 5, "u"));
        }

        // Long enough for several failed attempts against the dead server.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.That(await worker.DrainDeadLettersAsync(), Is.Empty, "nothing dead-lettered while Redis is down");
        await redis.StartAsync();

        for (var i = 0; i < 10; i++)
        {
            var key = worker.UserModelKey($"during{i}");
            await WorkerHarness.EventuallyAsync(async () => (await worker.ReadCacheAsync(key)).GetValueOrDefault("version") == "5", $"{key} in Redis after the outage");
            Assert.That((await worker.ReadStoreAsync("user_model", $"during{i}"))!.Version, Is.EqualTo(5));
        }

        Assert.That(await worker.DrainDeadLettersAsync(), Is.Empty, "the outage sent nothing to the DLQ");
    }

    [Test]
    public async Task An_outage_longer_than_the_retry_budget_pauses_deliveries_instead_of_filling_the_DLQ()
    {
        using var redis = new RedisServerProcess();
        await redis.StartAsync();
        await using var worker = new WorkerHarness(s =>
        {
            s["CacheSync:Redis:Configuration"] = redis.Configuration;

            // A budget of 3 attempts at 50–100 ms apart is spent in well under a second: without the breaker,
            // every message below would be dead-lettered during the outage.
            s["CacheSync:Retry:MaxAttempts"] = "3";
            s["CacheSync:Retry:InitialDelay"] = "00:00:00.050";
            s["CacheSync:Retry:MaxDelay"] = "00:00:00.100";
            s["CacheSync:CircuitBreaker:FailureThreshold"] = "3";
            s["CacheSync:CircuitBreaker:BreakDuration"] = "00:00:00.200";
            s["CacheSync:CircuitBreaker:MaxBreakDuration"] = "00:00:00.500";
        });
        await worker.StartAsync();
        redis.Kill();

        for (var i = 0; i < 20; i++)
        {
            await worker.PublishAsync(Events.UserModel(Events.NewId(), $"long{i}", 2, "u"));
        }

        await Task.Delay(TimeSpan.FromSeconds(10)); // many retry budgets long
        Assert.That(await worker.DrainDeadLettersAsync(), Is.Empty, "nothing dead-lettered while Redis is down");
        await redis.StartAsync();

        for (var i = 0; i < 20; i++)
        {
            var key = worker.UserModelKey($"long{i}");
            await WorkerHarness.EventuallyAsync(async () => (await worker.ReadCacheAsync(key)).GetValueOrDefault("version") == "2", $"{key} in Redis after the outage");
        }

        Assert.That(await worker.DrainDeadLettersAsync(), Is.Empty, "the outage sent nothing to the DLQ");
    }

    [Test]
    public async Task Stopping_the_worker_while_it_retries_returns_the_message_to_the_queue_not_the_DLQ()
    {
        using var redis = new RedisServerProcess();
        await redis.StartAsync();
        await using var worker = new WorkerHarness(s =>
        {
            s["CacheSync:Redis:Configuration"] = redis.Configuration;
            s["CacheSync:Retry:MaxAttempts"] = "1000";
            s["CacheSync:Retry:InitialDelay"] = "00:00:00.100";
            s["CacheSync:Retry:MaxDelay"] = "00:00:00.500";
        });
        await worker.StartAsync();
        redis.Kill();

        await worker.PublishAsync(Events.UserModel(Events.NewId(), "in-retry", 3, "u"));
        await Task.Delay(TimeSpan.FromSeconds(1)); // the worker is now retrying
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await worker.StopAsync();
        TestContext.Out.WriteLine($"stop took {stopping.ElapsedMilliseconds} ms");

        Assert.Multiple(async () =>
        {
            Assert.That(await worker.ReadyMessagesAsync(worker.Queue), Is.EqualTo(1u), "the message is back in the work queue");
            Assert.That(await worker.DrainDeadLettersAsync(), Is.Empty, "shutdown is not a reason to dead-letter");
        });

        await redis.StartAsync();
        await worker.StartAsync();
        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadCacheAsync(worker.UserModelKey("in-retry"))).GetValueOrDefault("version") == "3", "applied after the restart");
    }
}
