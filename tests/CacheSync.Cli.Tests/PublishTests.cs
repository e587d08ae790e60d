using System.Text.Json;

namespace CacheSync.Cli.Tests;

/// <summary><c>publish</c>: events reach the worker; a file with an invalid line publishes nothing.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class PublishTests
{
    [Test]
    public async Task One_event_from_options_reaches_the_worker()
    {
        await using var harness = new WorkerHarness();
        await harness.StartAsync();
        var id = Events.NewId();

        var result = await Cli.RunAsync(harness, "publish", "--entity", "user_model", "--key", "pub1", "--version", "42", "--id", id,
            "--data", """{"user_id":"u-pub","plan":"gold"}""");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.OutputLines[^1], Is.EqualTo($"published {id} (user_model/pub1 v42) to {harness.Exchange}"));
        await WorkerHarness.EventuallyAsync(async () => (await harness.ReadCacheAsync(harness.UserModelKey("pub1"))).GetValueOrDefault("version") == "42", "the cache entry at v42");
        var stored = await harness.ReadStoreAsync("user_model", "pub1");
        Assert.That(stored!.Version, Is.EqualTo(42));
        Assert.That(JsonDocument.Parse(stored.DataJson!).RootElement.GetProperty("plan").GetString(), Is.EqualTo("gold"));
        await WorkerHarness.EventuallyAsync(() => Task.FromResult(harness.TimesApplied(id) == 1), "applied under the given id");
    }

    [Test]
    public async Task Many_events_from_a_json_lines_file_reach_the_worker()
    {
        await using var harness = new WorkerHarness();
        await harness.StartAsync();
        var users = Enumerable.Range(0, 5).Select(i => (Id: Events.NewId(), Key: $"f{i}")).ToList();
        var audit = Events.NewId();
        var file = Path.Combine(Path.GetTempPath(), $"cachesync-publish-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, [.. users.Select(u => Events.UserModel(u.Id, u.Key, 3, "u-file")), "", Events.Audit(audit, "a1", 1, "login")]);
        try
        {
            var result = await Cli.RunAsync(harness, "publish", "--file", file);

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.OutputLines[^1], Is.EqualTo($"published 6 events to {harness.Exchange}"));
            foreach (var user in users)
            {
                await WorkerHarness.EventuallyAsync(async () => (await harness.ReadCacheAsync(harness.UserModelKey(user.Key))).GetValueOrDefault("version") == "3", $"{user.Key} cached");
                Assert.That((await harness.ReadStoreAsync("user_model", user.Key))!.Version, Is.EqualTo(3));
            }

            await WorkerHarness.EventuallyAsync(async () => await harness.ReadStoreAsync("audit_entry", "a1") is not null, "the audit entry stored");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task A_file_with_an_invalid_line_publishes_nothing_and_names_the_line()
    {
        await using var harness = new WorkerHarness();
        await harness.StartAsync();
        var first = Events.NewId();
        var third = Events.NewId();
        var file = Path.Combine(Path.GetTempPath(), $"cachesync-publish-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            Events.UserModel(first, "bad-file-1", 1, "u"),
            """{"id":"no-version","entity":"user_model","key":"bad-file-2","op":"upsert","data":{"user_id":"u"}}""",
            Events.UserModel(third, "bad-file-3", 1, "u"),
        ]);
        try
        {
            var result = await Cli.RunAsync(harness, "publish", "--file", file);

            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.ErrorLines, Has.Length.EqualTo(1));
            Assert.That(result.Error, Does.Contain("line 2").And.Contain("version").And.Contain("nothing was published"));
            Assert.That(result.Error, Does.Not.Contain("   at "));
        }
        finally
        {
            File.Delete(file);
        }

        // A sentinel published afterwards is processed; anything the CLI had published would have come before it.
        var sentinel = Events.NewId();
        await harness.PublishAsync(Events.Audit(sentinel, "sentinel", 1, "after"), "audit_entry.upsert");
        await WorkerHarness.EventuallyAsync(() => Task.FromResult(harness.Outcomes.Any(o => o.EventId == sentinel)), "the sentinel processed");
        await Dlq.WaitForEmptyWorkQueueAsync(harness);
        await harness.StopAsync();
        Assert.That(harness.Outcomes.Select(o => o.EventId), Is.EqualTo(new[] { sentinel }), "the worker received nothing but the sentinel");
        Assert.That(await harness.ReadStoreAsync("user_model", "bad-file-1"), Is.Null);
        Assert.That(await harness.DrainDeadLettersAsync(), Is.Empty, "nothing reached the DLQ either");
    }
}
