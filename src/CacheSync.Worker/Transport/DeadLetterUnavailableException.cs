namespace CacheSync.Worker.Transport;

/// <summary>
/// The DLQ could not take a message (broker down, queue missing). The message must go back to the work
/// queue rather than be acked: thrown so that the transport requeues it.
/// </summary>
public sealed class DeadLetterUnavailableException : Exception
{
    public DeadLetterUnavailableException()
    {
    }

    public DeadLetterUnavailableException(string message)
        : base(message)
    {
    }

    public DeadLetterUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
