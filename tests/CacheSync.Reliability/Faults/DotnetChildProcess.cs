using System.Diagnostics;
using System.Globalization;

namespace CacheSync.Reliability.Faults;

/// <summary>
/// <c>dotnet &lt;dll&gt; …</c> from the test's output folder (where the worker and the CLI are copied), its output
/// read line by line as it comes, so a chatty child never blocks on a full pipe. Killed on dispose if still running,
/// so a failed test leaves no process behind.
/// </summary>
public sealed class DotnetChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    private DotnetChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static DotnetChildProcess Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, Action<string> onLine)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        if (!process.Start()) throw new InvalidOperationException($"dotnet {dll} did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new DotnetChildProcess(process);
    }

    /// <summary>SIGKILL: no shutdown, no drain, nothing flushed; what the worker held goes back to the queue when the broker sees the connection die.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGTERM, as an orchestrator stops a container, then waits for the process to end by itself.</summary>
    public async Task TerminateAsync(TimeSpan within)
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(within);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }

        _process.Dispose();
    }
}
