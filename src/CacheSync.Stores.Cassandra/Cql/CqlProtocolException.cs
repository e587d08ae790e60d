namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>A frame that breaks the protocol: truncated, oversized or of an unexpected kind. The connection is closed.</summary>
public sealed class CqlProtocolException : Exception
{
    public CqlProtocolException(string message) : base(message)
    {
    }

    public CqlProtocolException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public CqlProtocolException()
    {
    }
}
