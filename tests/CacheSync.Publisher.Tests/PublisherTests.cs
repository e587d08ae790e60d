using System.Diagnostics;
using CacheSync.Publisher;
using Microsoft.Extensions.Logging;

namespace CacheSync.Publisher.Tests;

/// <summary>The publisher against the real broker: nothing lost across a dropped connection, a flush on shutdown, the buffer's policies.</summary>
[Category("Integration")]
public class PublisherTests
{
    [Test]
    public async Task Ten_thousand_events_published_across_a_dropped_connection_all_arrive_by_id()
    {
        await using var broker = await BrokerFixture.CreateAsync();
        using var publisher = broker.Publisher(o => o.BufferCapacity = 20_000);
        await publisher.StartAsync(CancellationToken.None);

        // The drop comes from another task while events are still being published (paced over a few seconds),
        // so it cuts publishes in flight; the connection is looked up beforehand so the close itself is quick.
        var ids = new List<string>();
        ids.Add(await publisher.PublishAsync(EventToPublish.Upsert("user_model", "k0", new { n = 0 })));
        await WaitUntilAsync(async () => await broker.DepthAsync() == 1);
        var connection = await broker.FindPublisherConnectionAsync();
        var arrivedBeforeDrop = 0u;
        var drop = Task.Run(async () =>
        {
            while ((arrivedBeforeDrop = await broker.DepthAsync()) < 3_000) await Task.Delay(1);
            await BrokerFixture.CloseConnectionAsync(connection);
        });
        for (var i = 1; i < 10_000; i++)
        {
            ids.Add(await publisher.PublishAsync(EventToPublish.Upsert("user_model", $"k{i % 100}", new { n = i })));
            if (i % 100 == 0) await Task.Delay(40);
        }

        await drop.WaitAsync(TimeSpan.FromSeconds(60));
        await publisher.StopAsync(CancellationToken.None);
        var arrived = await broker.DrainAsync();

        Assert.Multiple(() =>
        {
            Assert.That(publisher.Unsent, Is.Empty);
            Assert.That(arrived.Select(m => m.Id).Distinct().Order(), Is.EqualTo(ids.Order()), "every event arrived");
            // A publish the broker took but could not confirm before the connection dropped is sent again with the
            // same id: at most one batch in flight can arrive twice, and the worker's idempotency absorbs it.
            Assert.That(arrived.Count - ids.Count, Is.LessThanOrEqualTo(256), "duplicates only from the batch in flight at the drop");
            Assert.That(arrived.All(m => m.Properties.MessageId == m.Id && m.Properties.Persistent), Is.True);
            Assert.That(broker.Log.Entries.Any(e => e.Level == LogLevel.Information && e.Message.StartsWith("Publishing to", StringComparison.Ordinal)), Is.True);
        });
        Assert.That(arrivedBeforeDrop, Is.LessThan(10_000u), "the connection was dropped while events were still being sent");
        Assert.That(broker.Log.Entries.Count(e => e.Message.StartsWith("Publishing to", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2), "it reconnected");
        TestContext.Out.WriteLine($"10000 published, {arrivedBeforeDrop} in the queue at the drop, {arrived.Count} arrived ({arrived.Count - ids.Count} duplicates)");
    }

    [Test]
    public async Task Shutdown_flushes_the_buffer()
    {
        await using var broker = await BrokerFixture.CreateAsync();
        using var publisher = broker.Publisher();
        await publisher.StartAsync(CancellationToken.None);

        for (var i = 0; i < 1_000; i++) await publisher.PublishAsync(EventToPublish.Upsert("user_model", $"k{i}", new { n = i }));
        await publisher.StopAsync(CancellationToken.None);

        Assert.That(await broker.DepthAsync(), Is.EqualTo(1_000));
        Assert.That(publisher.Unsent, Is.Empty);
        Assert.ThrowsAsync<InvalidOperationException>(async () => await publisher.PublishAsync(EventToPublish.Delete("user_model", "late")), "a stopped publisher takes nothing");
    }

    [Test]
    public async Task A_stop_right_after_publishing_still_delivers_even_without_a_start()
    {
        // A hosted BackgroundService would have cancelled its loop unstarted here and left the events unsent.
        await using var broker = await BrokerFixture.CreateAsync();
        using var publisher = broker.Publisher();

        for (var i = 0; i < 3; i++) await publisher.PublishAsync(EventToPublish.Upsert("user_model", $"k{i}", new { n = i }));
        await publisher.StopAsync(CancellationToken.None);

        Assert.That(await broker.DepthAsync(), Is.EqualTo(3));
    }

    [Test]
    public async Task What_cannot_be_sent_by_the_shutdown_deadline_is_reported_with_its_ids()
    {
        await using var broker = await BrokerFixture.CreateAsync();
        using var publisher = broker.Publisher(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(500), uri: "amqp://guest:guest@127.0.0.1:1/");
        await publisher.StartAsync(CancellationToken.None);

        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await publisher.PublishAsync(EventToPublish.Upsert("user_model", $"k{i}", new { n = i })));
        await publisher.StopAsync(CancellationToken.None);

        Assert.That(publisher.Unsent, Is.EquivalentTo(ids), string.Join("\n", broker.Log.Entries));
        var report = broker.Log.Entries.Single(e => e.Level == LogLevel.Error);
        Assert.That(report.Message, Does.Contain("5 events unsent"));
        foreach (var id in ids) Assert.That(report.Message, Does.Contain(id));
    }

    [Test]
    public async Task A_shutdown_cut_short_while_the_broker_hangs_still_reports_the_batch_in_flight()
    {
        // A listener that accepts the connection and never answers: the batch is stuck mid-publish at the deadline.
        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
            await using var broker = await BrokerFixture.CreateAsync();
            using var publisher = broker.Publisher(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1), uri: $"amqp://guest:guest@127.0.0.1:{port}/");
            var ids = new List<string>();
            for (var i = 0; i < 5; i++) ids.Add(await publisher.PublishAsync(EventToPublish.Upsert("user_model", $"k{i}", new { n = i })));

            await publisher.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.That(publisher.Unsent, Is.EquivalentTo(ids));
            Assert.That(broker.Log.Entries.Single(e => e.Level == LogLevel.Error).Message, Does.Contain("5 events unsent"));
        }
        finally
        {
            silent.Stop();
        }
    }

    [Test]
    public async Task An_event_no_queue_takes_is_set_aside_and_does_not_block_the_others()
    {
        await using var broker = await BrokerFixture.CreateAsync(bindingKey: "user_model.#");
        using var publisher = broker.Publisher();

        var orphan = await publisher.PublishAsync(EventToPublish.Upsert("orphan", "o1", new { n = 0 }));
        for (var i = 0; i < 20; i++) await publisher.PublishAsync(EventToPublish.Upsert("user_model", $"k{i}", new { n = i }));
        await publisher.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(await broker.DepthAsync(), Is.EqualTo(20));
        Assert.That(publisher.Unsent, Is.EqualTo(new[] { orphan }));
        Assert.That(broker.Log.Entries.Any(e => e.Level == LogLevel.Error && e.Message.Contains($"Event {orphan} cannot be routed", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public async Task Disposing_a_running_publisher_stops_it_and_reports_what_is_left()
    {
        await using var broker = await BrokerFixture.CreateAsync();
        var publisher = broker.Publisher(uri: "amqp://guest:guest@127.0.0.1:1/");
        var id = await publisher.PublishAsync(EventToPublish.Upsert("user_model", "k", new { n = 1 }));

        publisher.Dispose();
        publisher.Dispose();

        Assert.That(publisher.Unsent, Is.EqualTo(new[] { id }));
        Assert.ThrowsAsync<InvalidOperationException>(async () => await publisher.PublishAsync(EventToPublish.Delete("user_model", "k")));
    }

    [Test]
    public async Task A_full_buffer_fails_fast_when_so_configured()
    {
        await using var broker = await BrokerFixture.CreateAsync();
        using var publisher = broker.Publisher(o => { o.BufferCapacity = 10; o.MaxInFlight = 4; o.WhenFull = "FailFast"; o.ShutdownTimeout = TimeSpan.Zero; }, uri: "amqp://guest:guest@127.0.0.1:1/");
        await publisher.StartAsync(CancellationToken.None);

        // The loop holds one batch while it fails to connect; the buffer behind it fills.
        var taken = 0;
        var watch = Stopwatch.StartNew();
        Assert.ThrowsAsync<PublisherBufferFullException>(async () =>
        {
            while (watch.Elapsed < TimeSpan.FromSeconds(10))
            {
                await publisher.PublishAsync(EventToPublish.Upsert("user_model", $"k{taken}", new { n = taken }));
                taken++;
            }
        });
        Assert.That(taken, Is.InRange(10, 14), "the buffer's capacity, plus the one batch the loop holds for retry");
        await publisher.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task A_full_buffer_makes_the_caller_wait_when_so_configured()
    {
        await using var broker = await BrokerFixture.CreateAsync();
        using var publisher = broker.Publisher(o => { o.BufferCapacity = 5; o.MaxInFlight = 4; o.ShutdownTimeout = TimeSpan.Zero; }, uri: "amqp://guest:guest@127.0.0.1:1/");
        await publisher.StartAsync(CancellationToken.None);
        for (var i = 0; i < 20; i++)
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                await publisher.PublishAsync(EventToPublish.Upsert("user_model", $"k{i}", new { n = i }), quick.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.That(i, Is.InRange(5, 9), "waited once the buffer (5) and the one batch held for retry (4) were full");
                await publisher.StopAsync(CancellationToken.None);
                return;
            }
        }

        Assert.Fail("the publisher never made the caller wait");
    }

    [Test]
    public async Task Ids_versions_and_trace_context_are_filled_in()
    {
        await using var broker = await BrokerFixture.CreateAsync();
        using var publisher = broker.Publisher();
        await publisher.StartAsync(CancellationToken.None);
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "vendor=1";

        await publisher.PublishAsync(EventToPublish.Upsert("user_model", "a", new { n = 1 }));
        await publisher.PublishAsync(EventToPublish.Upsert("user_model", "a", new { n = 2 }));
        await publisher.PublishAsync(EventToPublish.Delete("user_model", "b") with { Id = "given-id", Version = 42 });
        await publisher.StopAsync(CancellationToken.None);

        var messages = await broker.DrainAsync();
        Assert.Multiple(() =>
        {
            Assert.That(messages, Has.Count.EqualTo(3));
            Assert.That(broker.Log.Entries.Where(e => e.Level >= LogLevel.Warning), Is.Empty);
            var versions = messages.Take(2).Select(m => m.Body.GetProperty("version").GetInt64()).ToArray();
            Assert.That(versions[1], Is.GreaterThan(versions[0]), "strictly increasing within the process");
            Assert.That(versions[0], Is.EqualTo((DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10).Within(60_000_000), "microseconds since the epoch");
            Assert.That(Guid.TryParse(messages[0].Id, out _), Is.True);
            Assert.That(messages[2].Id, Is.EqualTo("given-id"));
            Assert.That(messages[2].Body.GetProperty("version").GetInt64(), Is.EqualTo(42));
            Assert.That(messages[2].Body.GetProperty("op").GetString(), Is.EqualTo("delete"));
            var traceparent = System.Text.Encoding.UTF8.GetString((byte[])messages[0].Properties.Headers!["traceparent"]!);
            Assert.That(traceparent, Is.EqualTo(activity.Id));
            Assert.That(System.Text.Encoding.UTF8.GetString((byte[])messages[0].Properties.Headers!["tracestate"]!), Is.EqualTo("vendor=1"));
        });
    }

    [Test]
    public async Task An_event_that_breaks_the_contract_fails_in_the_callers_hands()
    {
        await using var broker = await BrokerFixture.CreateAsync();
        using var publisher = broker.Publisher();

        Assert.ThrowsAsync<ArgumentException>(async () => await publisher.PublishAsync(EventToPublish.Upsert("user_model", "", new { n = 1 })));
        Assert.ThrowsAsync<ArgumentException>(async () => await publisher.PublishAsync(EventToPublish.Upsert("user_model", "k", 5)), "data must be an object");
        Assert.ThrowsAsync<ArgumentException>(async () => await publisher.PublishAsync(EventToPublish.Delete("user_model", "k") with { Version = -1 }));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail("timed out");
            await Task.Delay(10);
        }
    }
}
