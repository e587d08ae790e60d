using StackExchange.Redis;

namespace CacheSync.Bench.EndToEnd;

/// <summary>
/// Turns on Redis keyspace notifications for hash commands (the worker's scripts end in HSET) for the length of a
/// latency run, and puts the server's setting back exactly as it was afterwards.
/// </summary>
internal sealed class KeyspaceNotifications : IAsyncDisposable
{
    private readonly IServer _server;
    private readonly string _previous;

    private KeyspaceNotifications(IServer server, string previous)
    {
        _server = server;
        _previous = previous;
    }

    public static async Task<KeyspaceNotifications> EnableAsync(IConnectionMultiplexer redis)
    {
        var server = redis.GetServers().First();
        var current = (await server.ConfigGetAsync("notify-keyspace-events").ConfigureAwait(false)).FirstOrDefault().Value ?? string.Empty;
        var wanted = new string(current.Union("Kh").Distinct().ToArray());
        await server.ConfigSetAsync("notify-keyspace-events", wanted).ConfigureAwait(false);
        return new KeyspaceNotifications(server, current);
    }

    public async ValueTask DisposeAsync() => await _server.ConfigSetAsync("notify-keyspace-events", _previous).ConfigureAwait(false);
}
