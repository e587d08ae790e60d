using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CacheSync.Worker.Health;

/// <summary>
/// <c>rabbitmq</c>: the MassTransit bus is connected and its receive endpoint is consuming. A bus that is starting,
/// reconnecting or has an endpoint that is not consuming (MassTransit's Degraded) is not ready.
/// </summary>
internal sealed class RabbitMqHealthCheck(IBusControl bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = bus.CheckHealth();
        var description = string.IsNullOrWhiteSpace(health.Description) ? health.Status.ToString() : health.Description;
        return Task.FromResult(health.Status == BusHealthStatus.Healthy
            ? HealthCheckResult.Healthy(description)
            : HealthCheckResult.Unhealthy($"bus {health.Status}: {description}"));
    }
}
