namespace CacheSync.Worker.Tests;

/// <summary>Stopping the worker mid-stream loses nothing: every message is applied or dead-lettered once the next worker is done.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ShutdownTests
{
    [Test]
    public async Task Shutdown_mid_stream_loses_no_message()
    {
        await using var worker = new WorkerHarness();

        // Declare the topology, then fill the queue while no worker runs, so the stop below lands mid-stream.
        await worker.StartAsync();
        await worker.StopAsync();
        const int total = 2000;
        var valid = new List<string>();
        var poison = new List<string>();
        for (var i = 0; i < total; i++)
        {
            if (i % 10 == 3)
            {
                poison.Add($"poison-{i}");
                await worker.PublishAsync($$"""{"id":"poison-{{i}}","entity":"user_model","key":"s{{i}}","op":"upsert","version":1,"data":{"no_user":true} }""");
            }
            else
            {
                valid.Add($"s{i}");
                await worker.PublishAsync(Events.UserModel($"valid-{i}", $"s{i}", 1, "shutdown-user"));
            }
        }

        // Stop while the queue is still being worked through.
        await worker.StartAsync();
        await WorkerHarness.EventuallyAsync(async () => await worker.ReadyMessagesAsync(worker.Queue) < total - 100, "some events taken");
        await worker.StopAsync();
        var leftInQueue = await worker.ReadyMessagesAsync(worker.Queue);

        // A new worker on the same queue finishes the job.
        await worker.StartAsync();
        await WorkerHarness.EventuallyAsync(async () => await worker.ReadyMessagesAsync(worker.Queue) == 0, "queue drained", seconds: 60);
        foreach (var key in valid)
        {
            await WorkerHarness.EventuallyAsync(async () => (await worker.ReadStoreAsync("user_model", key)) is not null, $"{key} applied", seconds: 60);
        }

        var letters = new List<DeadLetterMessage>();
        await WorkerHarness.EventuallyAsync(async () =>
        {
            letters.AddRange(await worker.DrainDeadLettersAsync());
            return letters.Count >= poison.Count;
        }, "all poison dead-lettered");
        await worker.StopAsync();

        var deadLetteredIds = letters.Select(l => System.Text.Json.JsonDocument.Parse(l.Body).RootElement.GetProperty("id").GetString()).ToHashSet();
        TestContext.Out.WriteLine($"left in the queue at shutdown: {leftInQueue}; dead letters: {letters.Count}");
        Assert.Multiple(() =>
        {
            Assert.That(leftInQueue, Is.GreaterThan(0u), "the stop happened mid-stream (otherwise this test proves nothing)");
            Assert.That(deadLetteredIds, Is.EquivalentTo(poison), "every poison message, and nothing else, in the DLQ");
            Assert.That(valid.Count + deadLetteredIds.Count, Is.EqualTo(total), "published = applied + dead-lettered");
        });
    }
}
