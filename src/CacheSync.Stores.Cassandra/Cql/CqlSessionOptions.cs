namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>How a <see cref="CqlSession"/> reaches the cluster and runs requests.</summary>
public sealed class CqlSessionOptions
{
    /// <summary>host or host:port of each node to use; at least one.</summary>
    public IReadOnlyList<string> ContactPoints { get; init; } = ["127.0.0.1"];

    public int DefaultPort { get; init; } = 9042;

    public CqlConnectionSettings Connection { get; init; } = new();

    /// <summary>How long one request may wait for its answer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First pause before reconnecting to a node that failed; doubles per failure up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Give requests without a timestamp of their own a client-side one (flag 0x20), from <see cref="CacheSync.Contracts.MonotonicTimestamps"/>.</summary>
    public bool ClientTimestamps { get; init; } = true;
}
