using System.Net;
using CacheSync.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CacheSync.Worker.Health;

/// <summary>
/// A small HTTP listener inside the host: <c>GET /health/live</c> answers 200 while the process runs (it checks no
/// dependency), <c>GET /health/ready</c> runs the readiness checks (200 when all pass, 503 otherwise), anything
/// else is 404. The port is bound before any other service starts (<see cref="IHostedLifecycleService.StartingAsync"/>):
/// one that cannot be bound stops the worker, naming the setting, before it connects to RabbitMQ.
/// </summary>
internal sealed partial class HealthEndpoint(IOptions<HealthOptions> options, HealthCheckService checks, ILogger<HealthEndpoint> logger) : IHostedLifecycleService, IDisposable
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    private readonly CancellationTokenSource _stopping = new();
    private HttpListener? _listener;
    private Task? _loop;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return Task.CompletedTask;

        var listener = StartListener(settings);
        _listener = listener;
        _loop = AcceptAsync(listener);
        LogListening(settings.Bind, settings.Port);
        return Task.CompletedTask;
    }

    private static HttpListener StartListener(HealthOptions settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            var listener = new HttpListener { IgnoreWriteExceptions = true };
            listener.Prefixes.Add(settings.Prefix);
            try
            {
                listener.Start();
                return listener;
            }
            catch (ArgumentNullException) when (attempt < 3)
            {
                // The managed HttpListener (Linux) throws this when a client connects while it starts, as a probe of a
                // restarting worker may (dotnet/corefx#35191, seen by the fault suite), and leaves its socket bound.
                // Collecting closes that socket; then the port can be bound again.
                ((IDisposable)listener).Dispose();
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            catch (HttpListenerException e)
            {
                ((IDisposable)listener).Dispose();
                throw new StartupCheckException(
                    $"{HealthOptions.SectionName}:Port: cannot listen on {settings.Bind}:{settings.Port} ({e.Message}); choose a free port, or set {HealthOptions.SectionName}:Enabled to false.", e);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is null) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_loop is not null) await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        // Abort, not Dispose: disposing a listener StopAsync already stopped makes the runtime bind the port again
        // to remove its prefixes, which can meet the same start-up race (a probe connecting) and throw.
        _listener?.Abort();
        _stopping.Dispose();
    }

    private async Task AcceptAsync(HttpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            // One request does not wait for another: a slow readiness check never blocks liveness.
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var (status, body) = await RespondAsync(context.Request).ConfigureAwait(false);
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.Headers["Cache-Control"] = "no-store";
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            LogAnswerFailed(e.GetType().Name);
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // The client went away, or the listener stopped.
            }
        }
    }

    private async Task<(int Status, byte[] Body)> RespondAsync(HttpListenerRequest request)
    {
        if (request.HttpMethod != "GET") return (404, HealthResponse.NotFound);
        switch (request.Url?.AbsolutePath.TrimEnd('/'))
        {
            case LivePath:
                return (200, HealthResponse.Live());
            case ReadyPath:
                var report = await checks.CheckHealthAsync(r => r.Tags.Contains(HealthCheckNames.ReadinessTag), _stopping.Token).ConfigureAwait(false);
                var healthy = HealthResponse.IsHealthy(report);
                if (!healthy)
                {
                    foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
                    {
                        LogNotReady(name, entry.Description ?? entry.Status.ToString());
                    }
                }

                return (healthy ? 200 : 503, HealthResponse.Ready(report));
            default:
                return (404, HealthResponse.NotFound);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Health endpoints on {Bind}:{Port}: /health/live, /health/ready")]
    private partial void LogListening(string bind, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not ready: {Check}: {Description}")]
    private partial void LogNotReady(string check, string description);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A health request could not be answered: {Error}")]
    private partial void LogAnswerFailed(string error);
}
