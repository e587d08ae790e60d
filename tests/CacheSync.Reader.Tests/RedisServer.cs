using StackExchange.Redis;

namespace CacheSync.Reader.Tests;

/// <summary>
/// One connection to the real Redis for the test's own assertions: <c>CACHESYNC_TEST_REDIS</c>, default
/// <c>localhost:6379</c>. The reader under test gets its connection from its own container, as an application would.
/// </summary>
[SetUpFixture]
public sealed class RedisServer
{
    private static ConnectionMultiplexer? s_connection;

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("CACHESYNC_TEST_REDIS") is { Length: > 0 } configured ? configured : "localhost:6379";

    public static IConnectionMultiplexer Connection =>
        s_connection ?? throw new InvalidOperationException("The Redis connection is opened by the assembly set-up.");

    [OneTimeSetUp]
    public async Task ConnectAsync()
    {
        s_connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
    }

    [OneTimeTearDown]
    public async Task DisconnectAsync()
    {
        if (s_connection is { } connection)
        {
            s_connection = null;
            await connection.DisposeAsync();
        }
    }
}
