using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CacheSync.Reliability.Accounting;

/// <summary>Reads a scenario's queues on whichever broker it runs against, independently of the worker and the CLI.</summary>
public sealed class BrokerQueues : IAsyncDisposable
{
    private readonly Uri _broker;
    private IConnection? _connection;

    public BrokerQueues(Uri broker) => _broker = broker;

    /// <summary>
    /// Messages ready in a queue (a passive declare). Unacked messages are not counted: a scenario reads this once
    /// its workers are stopped, when anything they held has gone back to ready.
    /// </summary>
    public async Task<uint> ReadyAsync(string queue, CancellationToken cancellationToken)
    {
        await using var channel = await ChannelAsync(cancellationToken);
        return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
    }

    /// <summary>Every message of a queue, left where it was: each is fetched unacknowledged and returned when the channel closes.</summary>
    public async Task<List<DeadLetterMessage>> BrowseAsync(string queue, CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetterMessage>();
        await using var channel = await ChannelAsync(cancellationToken);
        while (await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } message)
        {
            letters.Add(new DeadLetterMessage(message.Body.ToArray(), message.BasicProperties));
        }

        await channel.CloseAsync(cancellationToken);
        return letters;
    }

    /// <summary>A channel of its own for each question: a passive declare of a missing queue closes the channel it is asked on.</summary>
    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_connection is not { IsOpen: true })
        {
            if (_connection is not null) await DisposeConnectionAsync();
            var factory = new ConnectionFactory { Uri = _broker, ClientProvidedName = "cachesync-reliability-accounting", AutomaticRecoveryEnabled = false };
            _connection = await factory.CreateConnectionAsync(cancellationToken);
        }

        return await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
    }

    private async Task DisposeConnectionAsync()
    {
        try
        {
            if (_connection is not null) await _connection.DisposeAsync();
        }
        catch (Exception e) when (e is RabbitMQClientException or IOException or ObjectDisposedException)
        {
            // A connection the broker already closed.
        }

        _connection = null;
    }

    public async ValueTask DisposeAsync() => await DisposeConnectionAsync();
}
