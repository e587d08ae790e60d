using System.Diagnostics;
using System.Text.Json;

namespace CacheSync.Cli.Tests;

/// <summary>What one run of <c>cachesync</c> printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}--- stderr\n{Error}";
}

/// <summary>Runs the CLI in process (<see cref="CliApplication.RunAsync"/>) or as its own process, always on a harness's topology.</summary>
internal static class Cli
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    /// <summary>The harness's names: a test never touches another test's queues.</summary>
    public static string[] Topology(WorkerHarness harness) =>
    [
        "--rabbitmq", TestEnvironment.RabbitMqUri, "--exchange", harness.Exchange, "--queue", harness.Queue,
        "--dlq", harness.DeadLetterQueue, "--redis", TestEnvironment.Redis,
    ];

    public static Task<CliResult> RunAsync(WorkerHarness harness, params string[] args) => RunRawAsync([.. args, .. Topology(harness)]);

    /// <summary>Exactly these arguments (for tests of bad global options).</summary>
    public static async Task<CliResult> RunRawAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error, CancellationToken.None).WaitAsync(Bound);
        var result = new CliResult(code, output.ToString(), error.ToString());
        TestContext.Progress.WriteLine($"$ cachesync {string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a))}\n{result}");
        return result;
    }

    /// <summary>The CLI as a separate process (<c>dotnet cachesync.dll …</c>), for a test that kills it.</summary>
    public static Process Start(WorkerHarness harness, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cachesync.dll"));
        foreach (var arg in args.Concat(Topology(harness))) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) TestContext.Progress.WriteLine($"[cachesync] {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) TestContext.Progress.WriteLine($"[cachesync stderr] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// A worker appsettings.json that mirrors the harness's configuration (its flat keys nested as JSON objects;
    /// array indexes become object keys "0", "1"…, which configuration binds the same way).
    /// </summary>
    public static string WriteConfig(WorkerHarness harness, string directory)
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in harness.Settings)
        {
            if (value is null) continue;
            var parts = key.Split(':');
            var node = root;
            foreach (var part in parts[..^1])
            {
                if (!node.TryGetValue(part, out var child)) node[part] = child = new Dictionary<string, object>(StringComparer.Ordinal);
                node = (Dictionary<string, object>)child;
            }

            node[parts[^1]] = value;
        }

        var path = Path.Combine(directory, $"cachesync-{harness.Prefix}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(root, Indented));
        return path;
    }
}
