namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>
/// The connection to a node could not be opened or broke while a request was on it. Always worth retrying:
/// the request may not have reached the node, and every write this store sends is idempotent.
/// </summary>
public sealed class CqlConnectionException : Exception
{
    public CqlConnectionException(string message) : base(message)
    {
    }

    public CqlConnectionException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public CqlConnectionException()
    {
    }
}
