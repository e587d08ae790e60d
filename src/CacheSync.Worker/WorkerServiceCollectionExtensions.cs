using CacheSync.Core;
using CacheSync.Redis;
using CacheSync.Worker.Health;
using CacheSync.Worker.Telemetry;
using CacheSync.Worker.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CacheSync.Worker;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>Everything the worker runs: rules, Redis, the configured record store and the RabbitMQ transport.</summary>
    public static IServiceCollection AddCacheSyncWorker(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddCacheSyncCore(configuration)
            .AddCacheSyncRedis(configuration)
            .AddCacheSyncStore(configuration)
            .AddCacheSyncRabbitMqTransport(configuration)
            .AddCacheSyncTelemetry(configuration)
            .AddCacheSyncHealth(configuration);
}
