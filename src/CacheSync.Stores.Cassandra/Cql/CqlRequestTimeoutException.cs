namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>A node did not answer within the request timeout. The request may still have been applied.</summary>
public sealed class CqlRequestTimeoutException : TimeoutException
{
    public CqlRequestTimeoutException(string message) : base(message)
    {
    }

    public CqlRequestTimeoutException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public CqlRequestTimeoutException()
    {
    }
}
