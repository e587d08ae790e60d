using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CacheSync.Bench.EndToEnd;

/// <summary>
/// The real worker (CacheSync.Worker.dll, its shipped appsettings.json, our settings as environment variables) in a
/// process of its own, with the probe loaded as a startup hook. Its output goes to a log file in the results folder.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly int _healthPort;

    private WorkerProcess(Process process, StreamWriter log, int healthPort, int probePort)
    {
        _process = process;
        _log = log;
        _healthPort = healthPort;
        ProbePort = probePort;
    }

    public int ProbePort { get; }

    public int Id => _process.Id;

    public static WorkerProcess Start(string workerPath, IReadOnlyDictionary<string, string> settings, string logPath)
    {
        var healthPort = FreePort();
        var probePort = FreePort();
        // A .dll runs on the shared runtime; anything else is a self-contained executable, as the image ships it.
        var isDll = workerPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(isDll ? "dotnet" : workerPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(workerPath)!,
        };
        if (isDll) start.ArgumentList.Add(workerPath);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["CacheSync__Health__Port"] = healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DOTNET_ENVIRONMENT"] = "Development"; // the local broker's user is guest
        start.Environment["DOTNET_STARTUP_HOOKS"] = Path.Combine(AppContext.BaseDirectory, "CacheSync.Bench.Probe.dll");
        start.Environment[Probe.WorkerProbe.PortVariable] = probePort.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("the worker did not start");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process, log, healthPort, probePort);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log) log.WriteLine(line);
    }

    /// <summary>Waits for <c>/health/ready</c>: connected to RabbitMQ, Redis and the store, and consuming.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the worker exited with {_process.ExitCode} before it was ready; see its log");
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{_healthPort}/health/ready"), ct).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }

        throw new TimeoutException($"the worker was not ready within {timeout}");
    }

    public Task<ProbeSample> SampleAsync(CancellationToken ct) => ProbeSample.ReadAsync(ProbePort, ct);

    /// <summary>Stops the worker as an orchestrator would (SIGTERM: drain, then exit), killing it only if that hangs.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync().ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
            lock (_log) _log.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
