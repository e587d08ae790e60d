using System.Globalization;
using System.Text.Json;

namespace CacheSync.Cli.Tests;

/// <summary>A replay killed part way (SIGKILL) and run again: every event applied exactly once, the DLQ empty.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ReplayKillTests
{
    private const string RequiredSetting = "CacheSync:Entities:user_model:Required:0";

    [Test]
    public async Task A_replay_killed_part_way_and_run_again_applies_every_event_exactly_once()
    {
        await using var harness = new WorkerHarness(s => s[RequiredSetting] = "email");
        await harness.StartAsync();
        var events = Enumerable.Range(0, 60).Select(i => (Id: Events.NewId(), Key: $"k{i}", Version: 500L + i, Plan: $"plan-{i}")).ToList();
        foreach (var e in events) await harness.PublishAsync(Events.UserModel(e.Id, e.Key, e.Version, $"u-{e.Key}", e.Plan), messageId: e.Id);
        await Dlq.WaitForDepthAsync(harness, events.Count);
        await harness.StopAsync();
        harness.Reconfigure(s => s[RequiredSetting] = "user_id");
        await harness.StartAsync();

        int AppliedSoFar() => events.Count(e => harness.TimesApplied(e.Id) > 0);
        using (var replay = Cli.Start(harness, "dlq", "replay", "--all", "--rate", "20"))
        {
            await WorkerHarness.EventuallyAsync(() => Task.FromResult(AppliedSoFar() >= 10 || replay.HasExited), "ten events replayed and applied");
            Assert.That(replay.HasExited, Is.False, "the replay was still running when it was killed");
            replay.Kill(entireProcessTree: true);
            await replay.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        var appliedAtKill = AppliedSoFar();
        TestContext.Progress.WriteLine($"killed after {appliedAtKill} of {events.Count} events were applied");
        Assert.That(appliedAtKill, Is.LessThan(events.Count), "killed part way");

        // The messages the killed replay held come back to the DLQ when the broker sees its connection gone.
        await Dlq.WaitForEmptyWorkQueueAsync(harness);
        await WorkerHarness.EventuallyAsync(async () => await harness.ReadyMessagesAsync(harness.DeadLetterQueue) + (uint)AppliedSoFar() >= events.Count,
            "every message not yet applied back in the DLQ");

        var second = await Cli.RunAsync(harness, "dlq", "replay", "--all");
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(second.OutputLines[^1], Does.Match(@"^replayed [0-9]+, skipped 0, failed 0 \(to queue "));

        foreach (var e in events)
        {
            await WorkerHarness.EventuallyAsync(async () => (await harness.ReadStoreAsync("user_model", e.Key))?.Version == e.Version, $"{e.Key} in the store");
        }

        await Dlq.WaitForEmptyWorkQueueAsync(harness);
        await harness.StopAsync();

        var duplicates = harness.Outcomes.Count(o => o.Outcome == "Duplicate");
        TestContext.Progress.WriteLine($"the worker absorbed {duplicates} duplicate copies");
        foreach (var e in events)
        {
            var stored = await harness.ReadStoreAsync("user_model", e.Key);
            var cached = await harness.ReadCacheAsync(harness.UserModelKey(e.Key));
            Assert.Multiple(() =>
            {
                Assert.That(harness.TimesApplied(e.Id), Is.EqualTo(1), $"{e.Key} applied exactly once");
                Assert.That(harness.Outcomes.Count(o => o.EventId == e.Id && o.Outcome != "Duplicate"), Is.EqualTo(1), $"{e.Key}: every other copy was a duplicate");
                Assert.That(stored!.Version, Is.EqualTo(e.Version));
                Assert.That(JsonDocument.Parse(stored.DataJson!).RootElement.GetProperty("plan").GetString(), Is.EqualTo(e.Plan));
                Assert.That(cached["version"], Is.EqualTo(e.Version.ToString(CultureInfo.InvariantCulture)));
                Assert.That(JsonDocument.Parse(cached["data"]).RootElement.GetProperty("plan").GetString(), Is.EqualTo(e.Plan));
            });
        }

        Assert.That(await harness.DrainDeadLettersAsync(), Is.Empty, "the DLQ is empty");
    }
}
