using System.Diagnostics;
using System.Text.Json;

namespace CacheSync.Bench.Tests;

/// <summary>
/// The benchmark's smoke mode, so it cannot rot: every scenario runs on a few hundred events against the local
/// RabbitMQ and Redis, each checks its own end state, and the report comes out in both formats. No figure is
/// asserted: speed is the bench's business, not the test suite's.
/// </summary>
[Category("Integration")]
public sealed class BenchSmokeTests
{
    private static readonly string[] ExpectedModes = ["baseline A", "baseline B", "write-through", "write-around"];

    [Test]
    [CancelAfter(300_000)]
    public async Task Smoke_run_measures_every_scenario_checks_its_end_state_and_writes_the_report(CancellationToken ct)
    {
        var results = Directory.CreateTempSubdirectory("cachesync-bench-smoke-");
        try
        {
            var (exitCode, output) = await RunBenchAsync(["all", "--smoke", "--results", results.FullName], ct);
            Assert.That(exitCode, Is.Zero, output);

            var json = Directory.GetFiles(results.FullName, "smoke-*.json").Single();
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json, ct));
            var rows = report.RootElement.GetProperty("endToEnd").EnumerateArray().ToList();
            var modes = rows.Select(r => r.GetProperty("mode").GetString()).Distinct().ToList();
            var micro = report.RootElement.GetProperty("micro").EnumerateArray().ToList();

            Assert.Multiple(() =>
            {
                Assert.That(modes, Is.SupersetOf(ExpectedModes));
                Assert.That(rows.Where(r => r.GetProperty("eventsPerSecond").ValueKind == JsonValueKind.Number)
                    .Select(r => r.GetProperty("eventsPerSecond").GetDouble()), Has.All.GreaterThan(0));
                Assert.That(rows.Select(r => r.GetProperty("check").GetString()), Has.None.Contains("FAILED"));
                Assert.That(rows.Count(r => r.GetProperty("p99Milliseconds").ValueKind == JsonValueKind.Number), Is.GreaterThanOrEqualTo(2), "latency rows");
                Assert.That(rows.Where(r => r.GetProperty("mode").GetString() == "write-through" && r.GetProperty("workers").GetInt32() == 2), Is.Not.Empty);
                Assert.That(rows.Where(r => r.GetProperty("peakWorkingSetMegabytes").ValueKind == JsonValueKind.Number), Is.Not.Empty, "memory of the worker");
                Assert.That(micro, Is.Not.Empty, "micro-benchmarks in quick mode");
                Assert.That(report.RootElement.GetProperty("machine").GetProperty("cores").GetInt32(), Is.GreaterThan(0));
                Assert.That(File.ReadAllText(Path.ChangeExtension(json, ".md")), Does.Contain("| Scenario |"));
            });
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }

    [Test]
    public async Task An_unknown_command_is_one_line_and_exit_code_2()
    {
        var (exitCode, output) = await RunBenchAsync(["fastest"], CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output.Trim(), Does.StartWith("cachesync-bench: unknown command 'fastest'").And.Not.Contain("\n"));
    }

    private static async Task<(int ExitCode, string Output)> RunBenchAsync(string[] args, CancellationToken ct)
    {
        var bench = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "bench", "CacheSync.Bench", "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "cachesync-bench.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.GetFullPath(bench));
        foreach (var arg in args) start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, (await stderr) + (await stdout));
    }
}
