using RabbitMQ.Client;

namespace CacheSync.Bench.EndToEnd;

/// <summary>The bench's own connection to the local broker: declares the baselines' queues, pre-fills queues, reads depths.</summary>
internal sealed class BenchBroker : IAsyncDisposable
{
    private const int PublishWindow = 512;

    private readonly IConnection _connection;
    private readonly IChannel _confirmed;

    private BenchBroker(IConnection connection, IChannel confirmed)
    {
        _connection = connection;
        _confirmed = confirmed;
    }

    public IConnection Connection => _connection;

    /// <summary>The broker's version, for the machine record.</summary>
    public string ServerVersion => _connection.ServerProperties?.TryGetValue("version", out var v) == true && v is byte[] bytes
        ? System.Text.Encoding.UTF8.GetString(bytes)
        : "unknown";

    public static async Task<BenchBroker> ConnectAsync(string uri, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "cachesync-bench" };
        var connection = await factory.CreateConnectionAsync(ct).ConfigureAwait(false);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct).ConfigureAwait(false);
        return new BenchBroker(connection, channel);
    }

    /// <summary>A topic exchange and a quorum queue bound with <c>#</c>, declared as the worker declares its own.</summary>
    public async Task DeclareQuorumQueueAsync(string exchange, string queue, CancellationToken ct)
    {
        await _confirmed.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct).ConfigureAwait(false);
        await _confirmed.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            new Dictionary<string, object?> { ["x-queue-type"] = "quorum", ["x-delivery-limit"] = 20, ["x-overflow"] = "reject-publish" },
            cancellationToken: ct).ConfigureAwait(false);
        await _confirmed.QueueBindAsync(queue, exchange, "#", cancellationToken: ct).ConfigureAwait(false);
    }

    /// <summary>Publishes <paramref name="count"/> bodies with confirms, a window at a time, and waits until the queue holds them all.</summary>
    public async Task FillAsync(string exchange, string routingKey, string queue, int count, Func<byte[]> nextBody, CancellationToken ct)
    {
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };
        var pending = new List<Task>(PublishWindow);
        for (var i = 0; i < count; i++)
        {
            pending.Add(_confirmed.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, nextBody(), ct).AsTask());
            if (pending.Count == PublishWindow)
            {
                await Task.WhenAll(pending).ConfigureAwait(false);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        var ready = await ReadyAsync(queue, ct).ConfigureAwait(false);
        if (ready != count) throw new InvalidOperationException($"queue {queue} holds {ready} messages after publishing {count}");
    }

    public async Task<uint> ReadyAsync(string queue, CancellationToken ct) =>
        (await _confirmed.QueueDeclarePassiveAsync(queue, ct).ConfigureAwait(false)).MessageCount;

    public async Task DeleteAsync(string exchange, params string[] queues)
    {
        foreach (var queue in queues) await _confirmed.QueueDeleteAsync(queue).ConfigureAwait(false);
        await _confirmed.ExchangeDeleteAsync(exchange).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _confirmed.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
