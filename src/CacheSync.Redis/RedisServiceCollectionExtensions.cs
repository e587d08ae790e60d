using CacheSync.Core;
using CacheSync.Core.Caching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CacheSync.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>Adds the Redis cache and idempotency log, configured from <c>CacheSync:Redis</c> and validated at start-up.</summary>
    public static IServiceCollection AddCacheSyncRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisCacheOptions>()
            .Bind(configuration.GetSection(RedisCacheOptions.SectionName))
            .Validate(o => TryParse(o.Configuration), $"{RedisCacheOptions.SectionName}:Configuration: not a valid StackExchange.Redis configuration string.")
            .ValidateEach(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<RedisCacheOptions>>().Value.Configuration);

            // Start even when Redis is down: the processor's retries and backoff ride out the outage.
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton<RedisEntryCache>();
        services.AddSingleton<IEntryCache>(sp => sp.GetRequiredService<RedisEntryCache>());
        services.AddSingleton<RedisIdempotencyLog>();
        services.AddSingleton<IIdempotencyLog>(sp => sp.GetRequiredService<RedisIdempotencyLog>());
        return services;
    }

    private static bool TryParse(string configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration)) return true; // reported by the validator
        try
        {
            ConfigurationOptions.Parse(configuration);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
