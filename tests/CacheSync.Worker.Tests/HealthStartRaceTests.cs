using System.Net;
using System.Net.Sockets;
using CacheSync.Worker.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CacheSync.Worker.Tests;

/// <summary>
/// Probes arriving while the health endpoint starts (an orchestrator probing a restarting worker; the fault suite's
/// killed and restarted worker) must not crash the worker: on Linux the runtime's HttpListener throws
/// ArgumentNullException from Start() when a connection is already waiting (dotnet/corefx#35191).
/// </summary>
public sealed class HealthStartRaceTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task The_health_endpoint_starts_while_clients_keep_connecting(CancellationToken cancellationToken)
    {
        var port = WorkerHarness.FreePort();
        await using var services = new ServiceCollection().AddLogging().AddHealthChecks().Services.BuildServiceProvider();
        var checks = services.GetRequiredService<HealthCheckService>();
        var options = Options.Create(new HealthOptions { Port = port, Bind = "127.0.0.1" });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probes = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, stop.Token);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    // Refused between starts, or the test is over.
                }
            }
        }, CancellationToken.None)).ToList();

        try
        {
            // About one start in a hundred met a waiting connection here before the fix; each such start crashed.
            for (var i = 0; i < 400; i++)
            {
                using var endpoint = new HealthEndpoint(options, checks, NullLogger<HealthEndpoint>.Instance);
                await endpoint.StartingAsync(cancellationToken);
                await endpoint.StopAsync(cancellationToken);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(probes);
        }
    }
}
