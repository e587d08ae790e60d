using System.Text.Json;

namespace CacheSync.Worker.Tests;

/// <summary>At-least-once delivery and any order of arrival converge on one effect and the newest value.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class IdempotencyAndOrderingTests
{
    [Test]
    public async Task Same_event_delivered_twice_is_applied_once()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();
        var id = Events.NewId();
        var json = Events.UserModel(id, "d1", 1, "dup-user");

        await worker.PublishAsync(json);
        await WorkerHarness.EventuallyAsync(async () => await worker.Redis.KeyExistsAsync($"cachesync:applied:{{{worker.UserModelKey("d1")}}}:{id}"), "idempotency record");

        // The event's whole effect includes invalidating the user's list. A reader refills it now; if the
        // redelivered copy were applied again, it would invalidate the list a second time.
        await worker.Redis.HashSetAsync(worker.UserListKey("dup-user"), [new("version", 1), new("state", "live"), new("data", "[\"d1\"]")]);
        await worker.PublishAsync(json);
        await worker.PublishAsync(Events.Audit(Events.NewId(), "sentinel", 1, "x"), "audit_entry.upsert");
        await WorkerHarness.EventuallyAsync(async () => await worker.ReadStoreAsync("audit_entry", "sentinel") is not null, "sentinel applied");
        await WorkerHarness.EventuallyAsync(async () => await worker.ReadyMessagesAsync(worker.Queue) == 0, "queue drained");
        await worker.StopAsync(); // every in-flight message finished

        var list = await worker.ReadCacheAsync(worker.UserListKey("dup-user"));
        Assert.That(list["state"], Is.EqualTo("live"), "the duplicate was skipped, not applied again");
        Assert.That(await worker.DrainDeadLettersAsync(), Is.Empty);
    }

    [Test]
    public async Task Versions_delivered_out_of_order_leave_the_newest_value_in_Redis_and_the_store()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();
        var random = new Random(20261126);
        var keys = Enumerable.Range(0, 5).Select(i => $"o{i}").ToArray();
        var events = new List<(string Key, long Version, string Json)>();
        foreach (var key in keys)
        {
            foreach (var version in Enumerable.Range(1, 20))
            {
                var json = Events.UserModel(Events.NewId(), key, version * 1000L, "order-user", plan: $"v{version}");
                events.Add((key, version * 1000L, json));
                if (version % 4 == 0) events.Add((key, version * 1000L, json)); // duplicates too
            }
        }

        foreach (var e in events.OrderBy(_ => random.Next()))
        {
            await worker.PublishAsync(e.Json);
        }

        foreach (var key in keys)
        {
            await WorkerHarness.EventuallyAsync(async () => (await worker.ReadStoreAsync("user_model", key))?.Version == 20_000, $"{key} at v20000 in the store");
        }

        await WorkerHarness.EventuallyAsync(async () => await worker.ReadyMessagesAsync(worker.Queue) == 0, "queue drained");
        await worker.StopAsync();

        foreach (var key in keys)
        {
            var row = await worker.ReadStoreAsync("user_model", key);
            var entry = await worker.ReadCacheAsync(worker.UserModelKey(key));
            Assert.Multiple(() =>
            {
                Assert.That(row!.Version, Is.EqualTo(20_000));
                Assert.That(JsonDocument.Parse(row.DataJson!).RootElement.GetProperty("plan").GetString(), Is.EqualTo("v20"));
                Assert.That(entry["version"], Is.EqualTo("20000"));
                Assert.That(JsonDocument.Parse(entry["data"]).RootElement.GetProperty("plan").GetString(), Is.EqualTo("v20"));
            });
        }

        Assert.That(await worker.DrainDeadLettersAsync(), Is.Empty);
    }
}
