namespace CacheSync.Demo;

/// <summary>Where the demo finds the worker's broker, cache and store (environment variables, loopback defaults).</summary>
internal sealed record DemoSettings(string RabbitMqUri, string Redis, string SqlitePath, string Exchange, string DeadLetterQueue)
{
    public static DemoSettings FromEnvironment() => new(
        Environment.GetEnvironmentVariable("CACHESYNC_RABBITMQ") ?? "amqp://guest:guest@localhost:5672/",
        Environment.GetEnvironmentVariable("CACHESYNC_REDIS") ?? "localhost:6379",
        Environment.GetEnvironmentVariable("CACHESYNC_SQLITE") ?? "data/cachesync.db",
        "cachesync.events",
        "cachesync.worker.dlq");
}
