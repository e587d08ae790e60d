using System.Text.Json;
using CacheSync.Contracts;

namespace CacheSync.Cli.Tests;

/// <summary><c>dlq purge</c>: refuses without --yes; with it, removes exactly the matching letters, exported first with --export.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class DlqPurgeTests
{
    [Test]
    public async Task Purge_refuses_without_yes_and_with_it_removes_exactly_the_matching_letters_exported_first()
    {
        await using var harness = new WorkerHarness();
        await harness.StartAsync();
        var users = Enumerable.Range(0, 3).Select(_ => Events.NewId()).ToList();
        var invoices = Enumerable.Range(0, 2).Select(_ => Events.NewId()).ToList();
        for (var i = 0; i < users.Count; i++) await harness.PublishAsync(Dlq.UserWithoutUserId(users[i], $"p{i}", 1));
        for (var i = 0; i < invoices.Count; i++) await harness.PublishAsync(Dlq.Invoice(invoices[i], $"i{i}", 1), "invoice.upsert");
        var before = await Dlq.SnapshotAsync(harness, 5);

        var refused = await Cli.RunAsync(harness, "dlq", "purge", "--reason", "unknown-entity");
        Assert.That(refused.ExitCode, Is.EqualTo(2), refused.ToString());
        Assert.That(refused.ErrorLines, Has.Length.EqualTo(1));
        Assert.That(refused.Error, Does.Contain("--yes"));
        Assert.That(await Dlq.SnapshotAsync(harness, 5), Is.EqualTo(before), "nothing purged without --yes");

        var file = Path.Combine(Path.GetTempPath(), $"cachesync-purge-{Guid.NewGuid():N}.jsonl");
        try
        {
            var purged = await Cli.RunAsync(harness, "dlq", "purge", "--yes", "--reason", "unknown-entity", "--export", file);

            Assert.That(purged.ExitCode, Is.EqualTo(0), purged.ToString());
            Assert.That(purged.OutputLines[^1], Is.EqualTo($"purged 2 dead letters (each appended first to {file})"));
            var lines = (await File.ReadAllLinesAsync(file)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.That(lines.Select(l => l.GetProperty("id").GetString()), Is.EquivalentTo(invoices));
            foreach (var line in lines)
            {
                var id = line.GetProperty("id").GetString()!;
                Assert.That(line.GetProperty("body").GetString(), Is.EqualTo(Dlq.Invoice(id, line.GetProperty("key").GetString()!, 1)), "the body, complete");
                Assert.That(line.GetProperty("headers").GetProperty(DeadLetterHeaders.Reason).GetString(), Is.EqualTo("unknown-entity"));
                Assert.That(line.GetProperty("headers").GetProperty(DeadLetterHeaders.Detail).GetString(), Does.Contain("invoice"));
            }
        }
        finally
        {
            File.Delete(file);
        }

        var left = await Dlq.SnapshotAsync(harness, 3);
        Assert.That(left, Is.EqualTo(before.Where(d => !invoices.Any(i => d.Contains(i, StringComparison.Ordinal))).ToList()),
            "exactly the validation-failed letters are left, as they were");

        var all = await Cli.RunAsync(harness, "dlq", "purge", "--yes", "--entity", "user_model", "--limit", "2");
        Assert.That(all.ExitCode, Is.EqualTo(0), all.ToString());
        Assert.That(all.OutputLines[^1], Is.EqualTo("purged 2 dead letters"));
        await Dlq.WaitForDepthAsync(harness, 1);
    }

    [Test]
    public async Task A_second_purge_to_the_same_file_adds_to_it_and_never_replaces_the_first_purges_copies()
    {
        await using var harness = new WorkerHarness();
        await harness.StartAsync();
        var invoices = Enumerable.Range(0, 2).Select(_ => Events.NewId()).ToList();
        for (var i = 0; i < invoices.Count; i++) await harness.PublishAsync(Dlq.Invoice(invoices[i], $"i{i}", 1), "invoice.upsert");
        await Dlq.WaitForDepthAsync(harness, 2);

        var file = Path.Combine(Path.GetTempPath(), $"cachesync-purge-{Guid.NewGuid():N}.jsonl");
        try
        {
            foreach (var id in invoices)
            {
                var purged = await Cli.RunAsync(harness, "dlq", "purge", "--yes", "--id", id, "--export", file);
                Assert.That(purged.ExitCode, Is.EqualTo(0), purged.ToString());
            }

            var exported = (await File.ReadAllLinesAsync(file)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
            Assert.That(exported, Is.EqualTo(invoices), "both purges' copies, in order");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
