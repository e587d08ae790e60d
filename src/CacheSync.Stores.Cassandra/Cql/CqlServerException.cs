namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>
/// An ERROR the server answered with, and its code-specific details (spec §9). <see cref="IsRetryable"/> tells a
/// passing condition of the cluster (a replica down, a node overloaded or starting, a timeout) from a request that
/// will fail the same way every time (bad CQL, no permission, bad credentials).
/// </summary>
public sealed class CqlServerException : Exception
{
    public CqlServerException(CqlErrorCode code, string message) : base($"{code} (0x{(int)code:X4}): {message}")
    {
        Code = code;
        ServerMessage = message;
    }

    public CqlServerException() : this(CqlErrorCode.ServerError, "unknown")
    {
    }

    public CqlServerException(string message) : this(CqlErrorCode.ServerError, message)
    {
    }

    public CqlServerException(string message, Exception innerException) : base(message, innerException)
    {
        ServerMessage = message;
    }

    public CqlErrorCode Code { get; }

    public string ServerMessage { get; }

    /// <summary>Unavailable, timeouts and failures: the consistency level the request ran at.</summary>
    public Consistency? Consistency { get; init; }

    /// <summary>Unavailable: replicas needed. Timeouts and failures: acknowledgements needed (blockfor).</summary>
    public int? Required { get; init; }

    /// <summary>Unavailable: replicas alive. Timeouts and failures: acknowledgements received.</summary>
    public int? Received { get; init; }

    /// <summary>Read and write failures: replicas that failed.</summary>
    public int? Failures { get; init; }

    /// <summary>Write timeouts and failures: SIMPLE, BATCH, UNLOGGED_BATCH, COUNTER, BATCH_LOG, CAS, VIEW, CDC.</summary>
    public string? WriteType { get; init; }

    /// <summary>Read timeouts and failures: whether the replica asked for data answered.</summary>
    public bool? DataPresent { get; init; }

    /// <summary>Already_exists and Function_failure: the keyspace (and table or function) concerned.</summary>
    public string? Keyspace { get; init; }

    public string? Table { get; init; }

    /// <summary>Unprepared: the statement id the node does not know.</summary>
    public byte[]? UnpreparedId { get; init; }

    /// <summary>True for conditions of the cluster that pass (retry later, or on another node).</summary>
    public bool IsRetryable => Code is CqlErrorCode.Unavailable or CqlErrorCode.Overloaded or CqlErrorCode.IsBootstrapping
        or CqlErrorCode.WriteTimeout or CqlErrorCode.ReadTimeout or CqlErrorCode.ServerError or CqlErrorCode.TruncateError;
}
