namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>The node requires credentials that are missing or wrong. Retrying will not help; the configuration must change.</summary>
public sealed class CqlAuthenticationException : Exception
{
    public CqlAuthenticationException(string message) : base(message)
    {
    }

    public CqlAuthenticationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public CqlAuthenticationException()
    {
    }
}
