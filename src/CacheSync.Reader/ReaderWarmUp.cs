using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CacheSync.Reader;

/// <summary>
/// Builds the reader, and so opens its Redis connection, while the host starts rather than on the first requests.
/// The Redis registration connects synchronously inside its factory; when a burst of concurrent first requests all
/// resolve the reader at once on a small thread pool, that connect waits behind them for a pool thread and the
/// requests hang while the pool grows (over 15 s for 100 requests on two cores, measured).
/// </summary>
internal sealed class ReaderWarmUp(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ICacheReader>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
