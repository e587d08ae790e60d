using RabbitMQ.Client;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Publishes as any producer might, with a bare RabbitMQ.Client: every property and header exactly as given,
/// persistent, mandatory, with publisher confirms, many in flight at once so thousands go out quickly.
/// </summary>
internal sealed class BarePublisher : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _exchange;

    private BarePublisher(IConnection connection, IChannel channel, string exchange)
    {
        _connection = connection;
        _channel = channel;
        _exchange = exchange;
    }

    public static async Task<BarePublisher> ConnectAsync(string exchange)
    {
        var factory = new ConnectionFactory { Uri = new Uri(TestEnvironment.RabbitMqUri), ClientProvidedName = "cachesync-hostile-tests" };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new BarePublisher(connection, channel, exchange);
    }

    /// <summary>Publishes in order, up to <paramref name="inFlight"/> awaiting their confirm at once; an unroutable or nacked one throws.</summary>
    public async Task PublishAsync(IEnumerable<OutboundMessage> messages, int inFlight = 128)
    {
        foreach (var batch in messages.Chunk(inFlight))
        {
            await Task.WhenAll(batch.Select(m =>
                _channel.BasicPublishAsync(_exchange, m.RoutingKey, mandatory: true, m.Properties, m.Body).AsTask()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
