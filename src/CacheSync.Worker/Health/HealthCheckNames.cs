namespace CacheSync.Worker.Health;

/// <summary>The names of the readiness checks, as they appear in <c>/health/ready</c>, and the tag that marks them.</summary>
public static class HealthCheckNames
{
    public const string RabbitMq = "rabbitmq";

    public const string Redis = "redis";

    public const string Store = "store";

    /// <summary>Tags CacheSync's own checks, to tell them from others in the container (MassTransit registers one too).</summary>
    public const string ReadinessTag = "cachesync-ready";
}
