namespace CacheSync.Publisher;

/// <summary>The publisher's buffer is full (the broker is slow or unreachable) and the policy is to fail fast: the event was not taken.</summary>
public sealed class PublisherBufferFullException : Exception
{
    public PublisherBufferFullException(string message) : base(message)
    {
    }

    public PublisherBufferFullException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public PublisherBufferFullException()
    {
    }
}
