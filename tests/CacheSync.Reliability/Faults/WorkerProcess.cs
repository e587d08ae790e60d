using System.Collections.Concurrent;
using System.Text.Json;

namespace CacheSync.Reliability.Faults;

/// <summary>
/// The worker as operators run it: <c>dotnet CacheSync.Worker.dll</c>, its own process, configured on the command
/// line with a harness's settings (its exchange, queues, store file, Redis prefix and health port). Its log is
/// JSON on the console, from which the DeliveryHandler's decisions are read.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private const int ForwardedLinesLimit = 40;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly ConcurrentQueue<(string EventId, string Outcome)> _outcomes = new();
    private readonly string _name;
    private DotnetChildProcess? _process;
    private int _forwarded;

    private WorkerProcess(string name) => _name = name;

    /// <summary>What this process decided for each event it acked, as far as its log got written.</summary>
    public IReadOnlyList<(string EventId, string Outcome)> Outcomes => [.. _outcomes];

    public bool HasExited => _process?.HasExited ?? true;

    public static WorkerProcess Start(string name, IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var worker = new WorkerProcess(name);
        var arguments = settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}").Concat(
        [
            // One JSON object per line: the decisions are read from the DeliveryHandler's structured state.
            "--Logging:Console:FormatterName=json",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:CacheSync.Core.Processing.DeliveryHandler=Debug",

            // The test polls readiness while the worker starts: each "not ready yet" would be logged.
            "--Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=None",
            "--Logging:LogLevel:CacheSync.Worker.Health=None",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
        ]);
        var environment = new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Development" }; // the test broker's user is guest
        worker._process = DotnetChildProcess.Start("CacheSync.Worker.dll", arguments, environment, worker.OnLine);
        TestContext.Progress.WriteLine($"[{name}] started, pid {worker._process.Id}");
        return worker;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200: consuming from RabbitMQ, Redis answering, the store readable.</summary>
    public async Task WaitUntilReadyAsync(Uri healthUrl, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited) Assert.Fail($"[{_name}] exited with code {_process!.ExitCode} before it was ready");
            try
            {
                using var response = await Http.GetAsync(new Uri(healthUrl, "/health/ready"), cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        Assert.Fail($"[{_name}] not ready after {within}");
    }

    public async Task KillAsync()
    {
        await _process!.KillAsync();
        TestContext.Progress.WriteLine($"[{_name}] killed (SIGKILL)");
    }

    /// <summary>A graceful stop (SIGTERM): stop consuming, drain, exit 0.</summary>
    public async Task StopAsync()
    {
        await _process!.TerminateAsync(TimeSpan.FromSeconds(45));
        TestContext.Progress.WriteLine($"[{_name}] stopped, exit code {_process.ExitCode}");
        Assert.That(_process.ExitCode, Is.Zero, $"[{_name}] a graceful stop ends with exit code 0");
    }

    private void OnLine(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("State", out var state)
                && state.TryGetProperty("EventId", out var id)
                && state.TryGetProperty("Outcome", out var outcome))
            {
                _outcomes.Enqueue((id.GetString()!, outcome.GetString()!));
                return;
            }
        }
        catch (JsonException)
        {
            // Not a log entry (the runtime's own output): shown below like any other line.
        }

        if (Interlocked.Increment(ref _forwarded) <= ForwardedLinesLimit) TestContext.Progress.WriteLine($"[{_name}] {line}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }
}
