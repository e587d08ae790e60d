using CacheSync.Core;
using CacheSync.Redis;
using CacheSync.Stores.Sqlite;
using CacheSync.Worker.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CacheSync.Worker;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>Everything the worker runs: rules, Redis, the SQLite store and the RabbitMQ transport.</summary>
    public static IServiceCollection AddCacheSyncWorker(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddCacheSyncCore(configuration)
            .AddCacheSyncRedis(configuration)
            .AddCacheSyncSqliteStore(configuration)
            .AddCacheSyncRabbitMqTransport(configuration);
}
