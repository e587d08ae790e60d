using CacheSync.Cli.Broker;
using RabbitMQ.Client;

namespace CacheSync.Cli.DeadLetters;

/// <summary>
/// Reads the DLQ without taking anything out of it: each message is fetched unacknowledged and stays held by this
/// browser until it is acknowledged (removed, after a replay or purge) or the browser closes, when the broker puts
/// every message still held back in the queue. A browser that dies (a killed CLI) releases them the same way.
/// </summary>
/// <remarks>
/// Only the messages present when browsing starts are read, so a busy DLQ cannot keep a command going forever.
/// Held messages are invisible to other consumers of the DLQ until released.
/// </remarks>
internal sealed class DeadLetterBrowser : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly string _queue;
    private readonly uint _depth;

    private DeadLetterBrowser(IChannel channel, string queue, uint depth)
    {
        _channel = channel;
        _queue = queue;
        _depth = depth;
    }

    /// <summary>Messages in the DLQ when browsing began.</summary>
    public uint Depth => _depth;

    public static async Task<DeadLetterBrowser> OpenAsync(BrokerSession broker, string queue, CancellationToken cancellationToken)
    {
        var depth = await broker.DepthAsync(queue, cancellationToken).ConfigureAwait(false);
        var channel = await broker.ChannelAsync(confirms: false, cancellationToken).ConfigureAwait(false);
        return new DeadLetterBrowser(channel, queue, depth);
    }

    public async IAsyncEnumerable<DeadLetter> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0u; i < _depth; i++)
        {
            var message = await _channel.BasicGetAsync(_queue, autoAck: false, cancellationToken).ConfigureAwait(false);
            if (message is null) yield break;
            yield return DeadLetter.From(message.DeliveryTag, message.Body.ToArray(), message.BasicProperties);
        }
    }

    /// <summary>Removes a message from the DLQ for good.</summary>
    public Task AcknowledgeAsync(DeadLetter letter, CancellationToken cancellationToken) =>
        _channel.BasicAckAsync(letter.DeliveryTag, multiple: false, cancellationToken).AsTask();

    public async ValueTask DisposeAsync()
    {
        // Closing the channel returns every message still held to the queue.
        try
        {
            await _channel.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or RabbitMQ.Client.Exceptions.AlreadyClosedException or RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // The connection is gone already; the broker has returned the messages on its own.
        }

        _channel.Dispose();
    }
}
