using System.Text.Json;
using CacheSync.Contracts;

namespace CacheSync.Cli.Tests;

/// <summary><c>dlq replay</c> and <c>--dry-run</c> against the real worker: fix the policy, replay, each event applied once.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class DlqReplayTests
{
    private const string RequiredSetting = "CacheSync:Entities:user_model:Required:0";

    private sealed record UserEvent(string Id, string Key, long Version, string UserId, string Plan)
    {
        public string Json => Events.UserModel(Id, Key, Version, UserId, Plan);

        public string MessageId => "mid-" + Id;
    }

    private static List<UserEvent> UserEvents(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new UserEvent(Events.NewId(), $"{prefix}{i}", 1000 + i, $"u-{prefix}{i}", $"plan-{prefix}{i}"))];

    /// <summary>A harness whose user_model policy requires a field the events do not carry: every user_model event is dead-lettered.</summary>
    private static WorkerHarness BrokenPolicyHarness() => new(s => s[RequiredSetting] = "email");

    private static async Task FixPolicyAsync(WorkerHarness harness)
    {
        await harness.StopAsync();
        harness.Reconfigure(s => s[RequiredSetting] = "user_id");
        await harness.StartAsync();
    }

    [Test]
    public async Task Replay_by_entity_applies_exactly_the_fixed_events_once_and_leaves_the_rest_untouched()
    {
        await using var harness = BrokenPolicyHarness();
        await harness.StartAsync();
        var users = UserEvents("r", 5);
        foreach (var user in users) await harness.PublishAsync(user.Json, messageId: user.MessageId);
        var invoices = Enumerable.Range(0, 3).Select(i => (Id: Events.NewId(), Key: $"inv{i}")).ToList();
        foreach (var invoice in invoices) await harness.PublishAsync(Dlq.Invoice(invoice.Id, invoice.Key, 7), "invoice.upsert", messageId: "mid-" + invoice.Id);
        var badJson = new[] { "bad-1", "bad-2" };
        foreach (var id in badJson) await harness.PublishAsync("""{"id":"x","entity":"user_model","key":"k","op":"upsert","version":""", messageId: id);
        await Dlq.WaitForDepthAsync(harness, 10);
        Assert.That(users.Select(u => harness.TimesApplied(u.Id)), Is.All.Zero, "the broken policy applied nothing");

        await FixPolicyAsync(harness);
        var before = await Dlq.SnapshotAsync(harness, 10);

        var result = await Cli.RunAsync(harness, "dlq", "replay", "--entity", "user_model");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.OutputLines[^1], Is.EqualTo($"replayed 5, skipped 5, failed 0 (to queue {harness.Queue})"));
        foreach (var user in users)
        {
            await WorkerHarness.EventuallyAsync(async () => (await harness.ReadStoreAsync("user_model", user.Key))?.Version == user.Version, $"{user.Key} v{user.Version} in the store");
        }

        await Dlq.WaitForEmptyWorkQueueAsync(harness);
        await harness.StopAsync(); // every message in flight finished: the outcomes are complete
        foreach (var user in users)
        {
            var stored = await harness.ReadStoreAsync("user_model", user.Key);
            var cached = await harness.ReadCacheAsync(harness.UserModelKey(user.Key));
            Assert.Multiple(() =>
            {
                Assert.That(harness.TimesApplied(user.Id), Is.EqualTo(1), $"{user.Id} applied exactly once");
                Assert.That(JsonDocument.Parse(stored!.DataJson!).RootElement.GetProperty("plan").GetString(), Is.EqualTo(user.Plan));
                Assert.That(cached["version"], Is.EqualTo(user.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.That(cached["state"], Is.EqualTo("live"));
                Assert.That(JsonDocument.Parse(cached["data"]).RootElement.GetProperty("plan").GetString(), Is.EqualTo(user.Plan));
            });
        }

        Assert.That(harness.Outcomes.Select(o => o.EventId).Intersect(invoices.Select(i => i.Id)), Is.Empty, "no invoice was processed");
        var after = await Dlq.SnapshotAsync(harness, 5);
        var expected = before.Where(d => !users.Any(u => d.StartsWith(u.MessageId + "|", StringComparison.Ordinal))).ToList();
        Assert.That(after, Is.EqualTo(expected), "the five others are in the DLQ exactly as they were (body, properties, headers)");

        // A replayed copy keeps the original message id and carries replay count 1: replay the invoices, which
        // fail again (no policy), and read the copies the worker dead-lettered.
        await harness.StartAsync();
        var again = await Cli.RunAsync(harness, "dlq", "replay", "--reason", "unknown-entity");
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.OutputLines[^1], Is.EqualTo($"replayed 3, skipped 2, failed 0 (to queue {harness.Queue})"));
        await WorkerHarness.EventuallyAsync(async () =>
            (await Cli.RunAsync(harness, "dlq", "list", "--json", "--entity", "invoice")).OutputLines
                .Count(l => JsonDocument.Parse(l).RootElement.GetProperty("replayCount").GetInt32() == 1) == 3,
            "the three invoices back in the DLQ as replayed copies");

        await harness.StopAsync();
        var letters = await harness.DrainDeadLettersAsync();
        Assert.That(letters, Has.Count.EqualTo(5));
        foreach (var invoice in invoices)
        {
            var letter = letters.Single(l => l.BodyText.Contains(invoice.Id, StringComparison.Ordinal));
            Assert.Multiple(() =>
            {
                Assert.That(letter.Properties.MessageId, Is.EqualTo("mid-" + invoice.Id), "the copy keeps the original message id");
                Assert.That(letter.Header(DeadLetterHeaders.ReplayCount), Is.EqualTo("1"));
                Assert.That(letter.Reason, Is.EqualTo("unknown-entity"));
                Assert.That(letter.BodyText, Is.EqualTo(Dlq.Invoice(invoice.Id, invoice.Key, 7)), "the body byte for byte");
                Assert.That(letter.Header(DeadLetterHeaders.OriginalExchange), Is.EqualTo(harness.Exchange), "where it was first published, not the default exchange of the replay");
                Assert.That(letter.Header(DeadLetterHeaders.OriginalRoutingKey), Is.EqualTo("invoice.upsert"));
            });
        }

        Assert.That(letters.Where(l => badJson.Contains(l.Properties.MessageId)).Select(l => l.Header(DeadLetterHeaders.ReplayCount)), Is.All.Null,
            "the bad-json letters were never replayed");
    }

    [Test]
    public async Task Dry_run_prints_what_would_be_replayed_and_changes_nothing()
    {
        await using var harness = BrokenPolicyHarness();
        await harness.StartAsync();
        var users = UserEvents("d", 3);
        foreach (var user in users) await harness.PublishAsync(user.Json, messageId: user.MessageId);
        var invoiceId = Events.NewId();
        await harness.PublishAsync(Dlq.Invoice(invoiceId, "inv", 1), "invoice.upsert");
        await Dlq.WaitForDepthAsync(harness, 4);
        await FixPolicyAsync(harness); // a real replay would apply the user events now
        var before = await Dlq.SnapshotAsync(harness, 4);

        var result = await Cli.RunAsync(harness, "dlq", "replay", "--entity", "user_model", "--dry-run");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        foreach (var user in users)
        {
            Assert.That(result.OutputLines, Has.One.EqualTo($"would replay {user.Id} (user_model/{user.Key} v{user.Version}, validation-failed)"));
        }

        Assert.That(result.OutputLines, Has.None.Contains(invoiceId));
        Assert.That(result.OutputLines[^1], Is.EqualTo($"dry run: would replay 3, skip 1 (to queue {harness.Queue}); nothing was changed"));

        // A sentinel published after the dry run is applied; had anything been replayed, it would be in the queue before it.
        var sentinel = Events.NewId();
        await harness.PublishAsync(Events.Audit(sentinel, "sentinel", 1, "after dry run"), "audit_entry.upsert");
        await WorkerHarness.EventuallyAsync(() => Task.FromResult(harness.Outcomes.Any(o => o.EventId == sentinel)), "the sentinel processed");
        await Dlq.WaitForEmptyWorkQueueAsync(harness);
        Assert.That(await Dlq.SnapshotAsync(harness, 4), Is.EqualTo(before), "the DLQ is exactly as it was");
        foreach (var user in users) Assert.That(await harness.ReadStoreAsync("user_model", user.Key), Is.Null, $"{user.Key} not applied");
        Assert.That(harness.Outcomes.Select(o => o.EventId), Is.EqualTo(new[] { sentinel }), "the worker processed the sentinel and nothing else");
    }
}
