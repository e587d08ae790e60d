using StackExchange.Redis;

namespace CacheSync.Bench.Micro;

/// <summary>
/// The real Redis the tests use (<c>CACHESYNC_TEST_REDIS</c>, default <c>localhost:6379</c>), shared with other
/// work on this machine: every key a benchmark writes starts with a prefix of its own run, and is deleted after.
/// </summary>
internal sealed class BenchmarkRedis : IDisposable
{
    private readonly List<RedisKey> _written = [];

    public BenchmarkRedis()
    {
        var configuration = Environment.GetEnvironmentVariable("CACHESYNC_TEST_REDIS") is { Length: > 0 } configured ? configured : "localhost:6379";
        Connection = ConnectionMultiplexer.Connect(configuration);
        KeyPrefix = $"cachesync-bench:{Guid.NewGuid():N}:";
    }

    public ConnectionMultiplexer Connection { get; }

    public IDatabase Database => Connection.GetDatabase();

    public string KeyPrefix { get; }

    /// <summary>A key of this run, remembered so that <see cref="Dispose"/> deletes it.</summary>
    public string Key(string name)
    {
        var key = KeyPrefix + name;
        _written.Add(key);
        return key;
    }

    public void Dispose()
    {
        if (_written.Count > 0) Database.KeyDelete([.. _written]);
        Connection.Dispose();
    }
}
