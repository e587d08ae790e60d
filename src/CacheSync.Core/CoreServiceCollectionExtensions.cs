using CacheSync.Core.Policies;
using CacheSync.Core.Processing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CacheSync.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the policies (bound from <c>CacheSync</c>, validated at start-up) and the processor.
    /// A store, an <see cref="Caching.IEntryCache"/> and an <see cref="Caching.IIdempotencyLog"/> must be added beside it.
    /// </summary>
    public static IServiceCollection AddCacheSyncCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CacheSyncOptions>()
            .Bind(configuration.GetSection(CacheSyncOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CacheSyncOptions>, CacheSyncOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => EntityPolicyCatalog.FromOptions(sp.GetRequiredService<IOptions<CacheSyncOptions>>().Value));
        services.TryAddSingleton<EventProcessor>();
        services.TryAddSingleton<DependencyCircuitBreaker>();
        services.TryAddSingleton<DeliveryHandler>();
        return services;
    }
}
