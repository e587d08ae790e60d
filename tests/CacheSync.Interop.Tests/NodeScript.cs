using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CacheSync.Interop.Tests;

/// <summary>
/// Runs the Node.js scripts in node/ (amqplib and node-redis, pinned in node/package-lock.json, installed by
/// deploy/local/interop-deps.sh), each bounded in time, and returns the JSON lines they printed.
/// </summary>
public static class NodeScript
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    /// <summary>tests/CacheSync.Interop.Tests/node.</summary>
    public static string Directory => Path.Combine(RepositoryRoot, "tests", "CacheSync.Interop.Tests", "node");

    /// <summary>The Redis URL node-redis takes, from the StackExchange.Redis configuration of the tests ("host:port,options").</summary>
    public static string RedisUrl
    {
        get
        {
            var configuration = TestEnvironment.Redis;
            return configuration.StartsWith("redis://", StringComparison.Ordinal) || configuration.StartsWith("rediss://", StringComparison.Ordinal)
                ? configuration
                : $"redis://{configuration.Split(',')[0]}";
        }
    }

    /// <summary>Publishes the events (plain JSON objects) with publish.js; returns what it sent, one line per message.</summary>
    public static async Task<List<JsonObject>> PublishAsync(WorkerHarness worker, params JsonObject[] events)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cachesync-interop-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, new JsonArray([.. events.Select(e => (JsonNode)e.DeepClone())]).ToJsonString());
        try
        {
            var sent = await RunAsync("publish.js", TestEnvironment.RabbitMqUri, worker.Exchange, file);
            Assert.That(sent, Has.Count.EqualTo(events.Length), "publish.js reports one line per confirmed message");
            return sent;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Reads cache entries with read.js (which knows only the README's cache format), by key.</summary>
    public static async Task<Dictionary<string, JsonObject>> ReadAsync(params string[] keys)
    {
        var lines = await RunAsync("read.js", [RedisUrl, .. keys]);
        return lines.ToDictionary(l => (string)l["key"]!, l => l);
    }

    /// <summary>Fills an entry after a miss, with the README's fill script run by read.js; true when it filled.</summary>
    public static async Task<bool> FillAsync(string key, long version, string json, long ttlMilliseconds)
    {
        var script = Path.Combine(RepositoryRoot, "src", "CacheSync.Redis", "Scripts", "fill_if_not_fenced.lua");
        var lines = await RunAsync("read.js", RedisUrl, "--fill", script, key, version.ToString(System.Globalization.CultureInfo.InvariantCulture), json,
            ttlMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (bool)lines.Single()["filled"]!;
    }

    private static async Task<List<JsonObject>> RunAsync(string script, params string[] arguments)
    {
        var directory = Directory;
        if (!File.Exists(Path.Combine(directory, "node_modules", "amqplib", "package.json")) ||
            !File.Exists(Path.Combine(directory, "node_modules", "redis", "package.json")))
        {
            Assert.Fail($"{directory}/node_modules is missing: run deploy/local/interop-deps.sh");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"cannot start node ({e.Message}): install Node.js 20+ and run deploy/local/interop-deps.sh");
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"node {script} did not finish within {Timeout.TotalSeconds} s; killed.\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0) Assert.Fail($"node {script} exited with {process.ExitCode}.\nstdout:\n{output}\nstderr:\n{errors}");

        var lines = new List<JsonObject>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                lines.Add(JsonNode.Parse(line)!.AsObject());
            }
            catch (JsonException e)
            {
                Assert.Fail($"node {script} printed a line that is not JSON ({e.Message}): {line}\nstderr:\n{errors}");
            }
        }

        return lines;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CacheSync.sln"))) return dir.FullName;
        }

        throw new DirectoryNotFoundException($"no CacheSync.sln above {AppContext.BaseDirectory}");
    }
}
