using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CacheSync.Contracts;

namespace CacheSync.Cli.Tests;

/// <summary>
/// <c>dlq list</c>, <c>show</c>, <c>stats</c> and <c>export</c> read the DLQ and leave it exactly as it was. One DLQ
/// for the fixture: four letters from a first batch (three validation-failed, one retries-exhausted with its
/// exception), then three from a second (two unknown-entity, one bad-json).
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed partial class DlqInspectTests
{
    private const int Depth = 7;
    private WorkerHarness _harness = null!;
    private readonly List<string> _invalidUsers = [];
    private readonly List<string> _invoices = [];
    private string _wrongType = null!;
    private DateTimeOffset _between;
    private List<string> _snapshot = null!;

    [OneTimeSetUp]
    public async Task DeadLetterAMixture()
    {
        _harness = new WorkerHarness();
        await _harness.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            _invalidUsers.Add(Events.NewId());
            await _harness.PublishAsync(Dlq.UserWithoutUserId(_invalidUsers[^1], $"v{i}", 10 + i));
        }

        // Its cache key holds a Redis string: every attempt fails with WRONGTYPE, so it exhausts its retries.
        _wrongType = Events.NewId();
        await _harness.Redis.StringSetAsync(_harness.UserModelKey("wrongtype"), "not a hash");
        await _harness.PublishAsync(Events.UserModel(_wrongType, "wrongtype", 5, "u-w"));
        await Dlq.WaitForDepthAsync(_harness, 4);

        _between = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        for (var i = 0; i < 2; i++)
        {
            _invoices.Add(Events.NewId());
            await _harness.PublishAsync(Dlq.Invoice(_invoices[^1], $"i{i}", 3), "invoice.upsert");
        }

        await _harness.PublishAsync("not json at all", messageId: "poison-1");
        await Dlq.WaitForDepthAsync(_harness, Depth);
        _snapshot = await Dlq.SnapshotAsync(_harness, Depth);
    }

    [OneTimeTearDown]
    public async Task DisposeHarness() => await _harness.DisposeAsync();

    [TearDown]
    public async Task TheDlqIsExactlyAsItWas() =>
        Assert.That(await Dlq.SnapshotAsync(_harness, Depth), Is.EqualTo(_snapshot), "the command left the DLQ exactly as it was");

    private static List<JsonElement> JsonLines(CliResult result) => [.. result.OutputLines.Select(l => JsonDocument.Parse(l).RootElement)];

    [Test]
    public async Task List_as_a_table_shows_every_dead_letter()
    {
        var result = await Cli.RunAsync(_harness, "dlq", "list");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.OutputLines[^1], Is.EqualTo($"{Depth} of {Depth} dead letters"));
        foreach (var id in _invalidUsers.Concat(_invoices).Append(_wrongType).Append("poison-1"))
        {
            Assert.That(result.Output, Does.Contain(id), "each id on the table, whole");
        }

        Assert.That(result.Output, Does.Contain("validation-failed").And.Contain("unknown-entity").And.Contain("retries-exhausted").And.Contain("bad-json"));
    }

    [Test]
    public async Task List_as_json_is_one_object_per_line_with_the_fields_scripts_need()
    {
        var result = await Cli.RunAsync(_harness, "dlq", "list", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var rows = JsonLines(result);
        Assert.That(rows, Has.Count.EqualTo(Depth));
        foreach (var row in rows)
        {
            foreach (var field in new[] { "id", "entity", "key", "op", "version", "reason", "attempts", "failedAt" })
            {
                Assert.That(row.TryGetProperty(field, out _), Is.True, $"field {field} in {row}");
            }
        }

        var user = rows.Single(r => r.GetProperty("id").GetString() == _invalidUsers[1]);
        Assert.Multiple(() =>
        {
            Assert.That(user.GetProperty("entity").GetString(), Is.EqualTo("user_model"));
            Assert.That(user.GetProperty("key").GetString(), Is.EqualTo("v1"));
            Assert.That(user.GetProperty("op").GetString(), Is.EqualTo("upsert"));
            Assert.That(user.GetProperty("version").GetString(), Is.EqualTo("11"));
            Assert.That(user.GetProperty("reason").GetString(), Is.EqualTo("validation-failed"));
            Assert.That(user.GetProperty("attempts").GetString(), Is.EqualTo("1"));
            Assert.That(user.GetProperty("failedAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
        });
        var exhausted = rows.Single(r => r.GetProperty("id").GetString() == _wrongType);
        Assert.That(exhausted.GetProperty("reason").GetString(), Is.EqualTo("retries-exhausted"));
        Assert.That(int.Parse(exhausted.GetProperty("attempts").GetString()!, CultureInfo.InvariantCulture), Is.GreaterThan(1));
        var poison = rows.Single(r => r.GetProperty("id").GetString() == "poison-1");
        Assert.That(poison.GetProperty("entity").ValueKind, Is.EqualTo(JsonValueKind.Null), "a body that is not JSON has no entity");
        Assert.That(poison.GetProperty("reason").GetString(), Is.EqualTo("bad-json"));
    }

    [TestCase("--entity", "invoice", 2)]
    [TestCase("--entity", "user_model", 4)]
    [TestCase("--reason", "validation-failed", 3)]
    [TestCase("--reason", "bad-json", 1)]
    [TestCase("--reason", "oversize", 0)]
    [TestCase("--limit", "2", 2)]
    [TestCase("--since", "10m", Depth)]
    [TestCase("--since", "2099-01-01T00:00:00Z", 0)]
    public async Task List_filters(string option, string value, int expected)
    {
        var result = await Cli.RunAsync(_harness, "dlq", "list", "--json", option, value);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var rows = JsonLines(result);
        Assert.That(rows, Has.Count.EqualTo(expected));
        if (option == "--entity") Assert.That(rows.Select(r => r.GetProperty("entity").GetString()), Is.All.EqualTo(value));
        if (option == "--reason") Assert.That(rows.Select(r => r.GetProperty("reason").GetString()), Is.All.EqualTo(value));
    }

    [Test]
    public async Task List_since_a_time_takes_the_letters_that_failed_after_it_and_combines_with_the_other_filters()
    {
        var since = _between.ToString("O", CultureInfo.InvariantCulture);
        var later = await Cli.RunAsync(_harness, "dlq", "list", "--json", "--since", since);
        Assert.That(later.ExitCode, Is.EqualTo(0), later.ToString());
        Assert.That(JsonLines(later).Select(r => r.GetProperty("id").GetString()), Is.EquivalentTo(_invoices.Append("poison-1")));

        var combined = await Cli.RunAsync(_harness, "dlq", "list", "--json", "--since", since, "--entity", "invoice", "--limit", "1");
        var ids = JsonLines(combined).Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.That(ids, Has.Count.EqualTo(1));
        Assert.That(_invoices, Does.Contain(ids[0]));
    }

    [Test]
    public async Task Show_prints_the_body_the_headers_the_reason_and_the_exception()
    {
        var result = await Cli.RunAsync(_harness, "dlq", "show", _wrongType);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var body = result.Output[(result.Output.IndexOf("body:", StringComparison.Ordinal) + "body:".Length)..];
        using var document = JsonDocument.Parse(body);
        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.GetProperty("id").GetString(), Is.EqualTo(_wrongType), "the body, as JSON");
            Assert.That(result.Output, Does.Contain("retries-exhausted"));
            Assert.That(result.Output, Does.Contain("WRONGTYPE"), "the exception's message");
            Assert.That(result.Output, Does.Contain("RedisServerException"), "the exception's type");
            foreach (var header in new[] { DeadLetterHeaders.Reason, DeadLetterHeaders.Detail, DeadLetterHeaders.Attempts, DeadLetterHeaders.FailedAt, DeadLetterHeaders.OriginalRoutingKey, DeadLetterHeaders.ExceptionType })
            {
                Assert.That(result.Output, Does.Contain(header));
            }
        });

        var invalid = await Cli.RunAsync(_harness, "dlq", "show", _invalidUsers[0]);
        Assert.That(invalid.ExitCode, Is.EqualTo(0), invalid.ToString());
        Assert.That(invalid.Output, Does.Contain("validation-failed").And.Contain("user_id"), "the reason and its detail");
    }

    [Test]
    public async Task Stats_counts_by_entity_and_by_reason()
    {
        var result = await Cli.RunAsync(_harness, "dlq", "stats");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.OutputLines, Does.Contain($"dead-letter queue {_harness.DeadLetterQueue}: {Depth} ready"));
        Assert.That(result.OutputLines, Does.Contain($"work queue {_harness.Queue}: 0 ready"));
        var counts = Counts(result.Output);
        Assert.Multiple(() =>
        {
            Assert.That(counts["user_model"], Is.EqualTo(4));
            Assert.That(counts["invoice"], Is.EqualTo(2));
            Assert.That(counts["(none)"], Is.EqualTo(1));
            Assert.That(counts["validation-failed"], Is.EqualTo(3));
            Assert.That(counts["unknown-entity"], Is.EqualTo(2));
            Assert.That(counts["retries-exhausted"], Is.EqualTo(1));
            Assert.That(counts["bad-json"], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Export_writes_the_matching_letters_with_body_and_headers_and_leaves_the_DLQ()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cachesync-export-{Guid.NewGuid():N}.jsonl");
        try
        {
            var result = await Cli.RunAsync(_harness, "dlq", "export", "--out", file, "--reason", "validation-failed");

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.OutputLines[^1], Is.EqualTo($"exported 3 dead letters to {file}"));
            var lines = (await File.ReadAllLinesAsync(file)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.That(lines.Select(l => l.GetProperty("id").GetString()), Is.EquivalentTo(_invalidUsers));
            foreach (var line in lines)
            {
                var id = line.GetProperty("id").GetString()!;
                Assert.That(line.GetProperty("body").GetString(), Is.EqualTo(Dlq.UserWithoutUserId(id, line.GetProperty("key").GetString()!, long.Parse(line.GetProperty("version").GetString()!, CultureInfo.InvariantCulture))));
                Assert.That(line.GetProperty("headers").GetProperty(DeadLetterHeaders.Reason).GetString(), Is.EqualTo("validation-failed"));
                Assert.That(line.GetProperty("headers").GetProperty(DeadLetterHeaders.OriginalExchange).GetString(), Is.EqualTo(_harness.Exchange));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The rows of the stats tables: name → count.</summary>
    private static Dictionary<string, int> Counts(string output) =>
        CountRow().Matches(output).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^\s*[│|]\s*(\S+)\s*[│|]\s*([0-9]+)\s*[│|]\s*$", RegexOptions.Multiline)]
    private static partial Regex CountRow();
}
