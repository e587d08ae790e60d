using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Interop;

/// <summary>
/// Runs node-driver/driver.js (the DataStax Node.js driver) against a <see cref="ScriptedCqlPeer"/>. The frames the
/// driver sent stay recorded in the peer; the lines it printed come back decoded.
/// </summary>
public static class NodeDriverHarness
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string> Interop = new(FindInteropDirectory);

    /// <summary>tests/CacheSync.Stores.Cassandra.Tests/node-driver, found from the directory holding CacheSync.sln.</summary>
    public static string InteropDirectory => Interop.Value;

    public static async Task<NodeDriverRun> RunAsync(string scenario, ScriptedCqlPeer peer, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var directory = InteropDirectory;
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "cassandra-driver")))
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
        start.ArgumentList.Add("driver.js");
        start.ArgumentList.Add(peer.Port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(scenario);

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
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"node driver.js {scenario} did not finish within {timeout ?? DefaultTimeout}; killed.\n" +
                        $"stdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            Assert.Fail($"node driver.js {scenario} exited with {process.ExitCode}.\nstdout:\n{output}\nstderr:\n{errors}");
        }

        var lines = new List<JsonDocument>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                lines.Add(JsonDocument.Parse(line));
            }
            catch (JsonException e)
            {
                Assert.Fail($"driver.js printed a line that is not JSON ({e.Message}): {line}\nstderr:\n{errors}");
            }
        }

        return new NodeDriverRun(lines, errors);
    }

    private static string FindInteropDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CacheSync.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "CacheSync.Stores.Cassandra.Tests", "node-driver");
            }
        }

        throw new DirectoryNotFoundException($"no CacheSync.sln above {AppContext.BaseDirectory}");
    }
}
