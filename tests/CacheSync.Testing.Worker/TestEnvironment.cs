namespace CacheSync.Testing.Worker;

/// <summary>Where the real servers are: environment variables, defaulting to the loopback servers of the test command.</summary>
public static class TestEnvironment
{
    public static string RabbitMqUri => Environment.GetEnvironmentVariable("CACHESYNC_TEST_RABBITMQ") ?? "amqp://guest:guest@localhost:5672/";

    public static string Redis => Environment.GetEnvironmentVariable("CACHESYNC_TEST_REDIS") ?? "localhost:6379";
}
