using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CacheSync.Worker.Health;

/// <summary><c>redis</c>: a PING on the worker's own connection (the one the cache and idempotency log use).</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Endpoints are host:port only: the configuration string (which may hold a password) is never shown.
        var endpoints = string.Join(", ", redis.GetEndPoints().Select(e => e.ToString()));
        if (!redis.IsConnected) return HealthCheckResult.Unhealthy($"not connected to {endpoints}");
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"PING {endpoints}: {latency.TotalMilliseconds:0.###} ms"));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"PING {endpoints} failed: {e.GetType().Name}");
        }
    }
}
