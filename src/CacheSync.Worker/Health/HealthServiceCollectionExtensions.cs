using CacheSync.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CacheSync.Worker.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>
    /// The health endpoints (<c>CacheSync:Health</c>, validated at start-up) and the readiness checks behind
    /// <c>/health/ready</c>: rabbitmq, redis and store, each bounded by <c>CacheSync:Health:Timeout</c>.
    /// </summary>
    public static IServiceCollection AddCacheSyncHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>()
            .Bind(configuration.GetSection(HealthOptions.SectionName))
            .ValidateEach(o => o.Validate())
            .ValidateOnStart();

        services.AddHealthChecks();
        services.AddSingleton<RabbitMqHealthCheck>();
        services.AddSingleton<RedisHealthCheck>();
        services.AddSingleton<StoreHealthCheck>();
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<HealthOptions>>((checks, health) =>
        {
            var timeout = health.Value.Timeout;
            string[] tags = [HealthCheckNames.ReadinessTag];
            checks.Registrations.Add(new HealthCheckRegistration(
                HealthCheckNames.RabbitMq, sp => sp.GetRequiredService<RabbitMqHealthCheck>(), HealthStatus.Unhealthy, tags, timeout));
            checks.Registrations.Add(new HealthCheckRegistration(
                HealthCheckNames.Redis, sp => sp.GetRequiredService<RedisHealthCheck>(), HealthStatus.Unhealthy, tags, timeout));
            checks.Registrations.Add(new HealthCheckRegistration(
                HealthCheckNames.Store, sp => sp.GetRequiredService<StoreHealthCheck>(), HealthStatus.Unhealthy, tags, timeout));
        });
        services.AddHostedService<HealthEndpoint>();
        return services;
    }
}
