using System.Text.Json;
using CacheSync.Core.Caching;
using CacheSync.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace CacheSync.Worker.Tests;

/// <summary>Raw JSON published with RabbitMQ.Client reaches Redis and SQLite by each entity's rule.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class WriteRulesTests
{
    [Test]
    public async Task Write_through_event_is_visible_in_Redis_and_SQLite()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();

        await worker.PublishAsync(Events.UserModel(Events.NewId(), "42", 7, "u1", plan: "pro"));

        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadStoreAsync("user_model", "42"))?.Version == 7, "store row v7");
        var row = await worker.ReadStoreAsync("user_model", "42");
        Assert.That(JsonDocument.Parse(row!.DataJson!).RootElement.GetProperty("plan").GetString(), Is.EqualTo("pro"));

        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadCacheAsync(worker.UserModelKey("42"))).Count > 0, "cache entry");
        var entry = await worker.ReadCacheAsync(worker.UserModelKey("42"));
        Assert.Multiple(() =>
        {
            Assert.That(entry["version"], Is.EqualTo("7"));
            Assert.That(entry["state"], Is.EqualTo("live"));
            Assert.That(JsonDocument.Parse(entry["data"]).RootElement.GetProperty("plan").GetString(), Is.EqualTo("pro"));
        });
        var ttl = await worker.Redis.KeyTimeToLiveAsync(worker.UserModelKey("42"));
        Assert.That(ttl, Is.GreaterThan(TimeSpan.FromMinutes(59)).And.LessThanOrEqualTo(TimeSpan.FromHours(1)), "the policy's TTL");
    }

    [Test]
    public async Task Write_around_leaves_no_value_in_the_cache_and_a_stale_fill_after_it_is_refused()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();
        var cache = worker.Host!.Services.GetRequiredService<RedisEntryCache>();

        await worker.PublishAsync(Events.Audit(Events.NewId(), "a1", 5, "login"), "audit_entry.upsert");

        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadStoreAsync("audit_entry", "a1"))?.Version == 5, "store row v5");
        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadCacheAsync(worker.AuditKey("a1"))).Count > 0, "tombstone");
        var entry = await worker.ReadCacheAsync(worker.AuditKey("a1"));
        Assert.Multiple(() =>
        {
            Assert.That(entry["state"], Is.EqualTo("invalidated"));
            Assert.That(entry["version"], Is.EqualTo("5"));
            Assert.That(entry.ContainsKey("data"), Is.False, "write-around never puts the value in the cache");
        });

        // A reader that loaded the older row (v4) before the invalidation must not fill it back…
        var staleFill = await cache.FillIfNotFencedAsync(worker.AuditKey("a1"), 4, """{"what":"old"}""", null, CancellationToken.None);
        Assert.That(staleFill, Is.EqualTo(CacheWriteOutcome.Fenced));

        // …while a reader that loaded the row the invalidation points to may.
        var freshFill = await cache.FillIfNotFencedAsync(worker.AuditKey("a1"), 5, """{"what":"login"}""", null, CancellationToken.None);
        Assert.That(freshFill, Is.EqualTo(CacheWriteOutcome.Written));
        Assert.That((await worker.ReadCacheAsync(worker.AuditKey("a1")))["state"], Is.EqualTo("live"));
    }

    [Test]
    public async Task Delete_leaves_tombstones_in_the_store_and_the_cache()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();

        await worker.PublishAsync(Events.UserModel(Events.NewId(), "9", 1, "u9"));
        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadStoreAsync("user_model", "9"))?.Version == 1, "store row v1");
        await worker.PublishAsync(Events.Delete(Events.NewId(), "user_model", "9", 2), "user_model.delete");

        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadStoreAsync("user_model", "9"))?.IsDeleted == true, "store tombstone");
        var row = await worker.ReadStoreAsync("user_model", "9");
        Assert.That(row!.Version, Is.EqualTo(2));
        var entry = await worker.ReadCacheAsync(worker.UserModelKey("9"));
        Assert.Multiple(() =>
        {
            Assert.That(entry["state"], Is.EqualTo("deleted"));
            Assert.That(entry["version"], Is.EqualTo("2"));
        });

        // A late, older upsert does not resurrect the record in either place.
        await worker.PublishAsync(Events.UserModel(Events.NewId(), "9", 1, "u9", plan: "late"));
        await worker.PublishAsync(Events.Audit(Events.NewId(), "sentinel", 1, "x"), "audit_entry.upsert");
        await WorkerHarness.EventuallyAsync(async () => await worker.ReadStoreAsync("audit_entry", "sentinel") is not null, "sentinel applied");
        await WorkerHarness.EventuallyAsync(async () => await worker.ReadyMessagesAsync(worker.Queue) == 0, "queue drained");
        Assert.That((await worker.ReadStoreAsync("user_model", "9"))!.IsDeleted, Is.True);
        Assert.That((await worker.ReadCacheAsync(worker.UserModelKey("9")))["state"], Is.EqualTo("deleted"));
    }

    [Test]
    public async Task Write_invalidates_dependent_keys_for_the_old_and_the_new_owner()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();
        await worker.PublishAsync(Events.UserModel(Events.NewId(), "m1", 1, "alice"));
        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadStoreAsync("user_model", "m1"))?.Version == 1, "v1 applied");

        // Readers have cached both users' lists.
        foreach (var user in new[] { "alice", "bob" })
        {
            await worker.Redis.HashSetAsync(worker.UserListKey(user), [new("version", 1), new("state", "live"), new("data", "[]")]);
        }

        // The model moves from alice to bob: both lists are now wrong.
        await worker.PublishAsync(Events.UserModel(Events.NewId(), "m1", 2, "bob"));

        await WorkerHarness.EventuallyAsync(async () =>
            (await worker.ReadCacheAsync(worker.UserListKey("alice"))).GetValueOrDefault("state") == "invalidated" &&
            (await worker.ReadCacheAsync(worker.UserListKey("bob"))).GetValueOrDefault("state") == "invalidated",
            "both users' lists invalidated");
    }

    [Test]
    public async Task Links_named_by_the_producer_are_invalidated()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();
        var link = $"{worker.Prefix}:dashboard:7";
        await worker.Redis.HashSetAsync(link, [new("version", 1), new("state", "live"), new("data", "{}")]);

        await worker.PublishAsync($$"""{"id":"{{Events.NewId()}}","entity":"audit_entry","key":"l1","op":"upsert","version":3,"data":{"what":"x"},"links":["{{link}}"] }""", "audit_entry.upsert");

        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadCacheAsync(link)).GetValueOrDefault("state") == "invalidated", "link invalidated");
    }
}
