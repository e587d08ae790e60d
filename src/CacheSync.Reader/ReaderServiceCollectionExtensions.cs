using CacheSync.Core;
using CacheSync.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CacheSync.Reader;

public static class ReaderServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ICacheReader"/> with the worker's entity policies (<c>CacheSync:Entities</c>) and Redis
    /// (<c>CacheSync:Redis</c>), all validated at start-up. The application adds its record store beside it, e.g.
    /// <c>AddCacheSyncSqliteStore</c>, the same store the worker writes. The reader is built (and Redis connected)
    /// when the host starts; an application without a host should resolve <see cref="ICacheReader"/> once before
    /// serving concurrent reads.
    /// </summary>
    public static IServiceCollection AddCacheSyncReader(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Core registers the worker's processor beside the policies; it is never resolved here, but it takes loggers,
        // so a container without a host (and its logging) would fail ValidateOnBuild. AddLogging only adds what is missing.
        services.AddLogging();
        services.AddCacheSyncCore(configuration);

        // An application that also hosts the worker has added Redis already; adding it twice would open a second
        // connection and report each bad Redis setting twice.
        if (!services.Any(d => d.ServiceType == typeof(RedisEntryCache))) services.AddCacheSyncRedis(configuration);

        services.AddOptions<CacheReaderOptions>()
            .Bind(configuration.GetSection(CacheReaderOptions.SectionName))
            .ValidateEach(o => o.Validate())
            .ValidateOnStart();
        services.TryAddSingleton<CacheReader>();
        services.TryAddSingleton<ICacheReader>(sp => sp.GetRequiredService<CacheReader>());
        services.AddHostedService<ReaderWarmUp>();
        return services;
    }
}
