namespace CacheSync.Publisher;

/// <summary>Publishes write events fire-and-forget: the call queues the event and returns; a background loop delivers it.</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Queues one event and returns its id. Never waits on the network: with a full buffer it waits for room
    /// (policy <c>Wait</c>) or throws <see cref="PublisherBufferFullException"/> (<c>FailFast</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The event breaks the contract (an empty entity or key, data that is not an object).</exception>
    /// <exception cref="InvalidOperationException">The publisher is shutting down.</exception>
    ValueTask<string> PublishAsync(EventToPublish writeEvent, CancellationToken cancellationToken = default);
}
