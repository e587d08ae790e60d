using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CacheSync.Reliability.Accounting;

/// <summary>
/// A producer as the README asks for one: a bare RabbitMQ client, persistent messages, <c>mandatory</c>, publisher
/// confirms. What the broker did not confirm (the connection died, it nacked, or no queue was bound yet) is sent
/// again, same id and body, until it is confirmed or the time runs out; only confirmed events count as published.
/// </summary>
/// <remarks>
/// Sending again after a lost connection can deliver an event twice (it may have reached the queue unconfirmed):
/// that is the producer behaviour the worker's idempotency exists for, and the accounting expects it.
/// </remarks>
public sealed class ConfirmedPublisher : IAsyncDisposable
{
    private const int BatchSize = 200;
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);

    private readonly Uri _broker;
    private readonly string _exchange;
    private readonly ConcurrentDictionary<string, int> _confirmed = new(StringComparer.Ordinal);
    private IConnection? _connection;
    private IChannel? _channel;

    public ConfirmedPublisher(Uri broker, string exchange)
    {
        _broker = broker;
        _exchange = exchange;
    }

    /// <summary>Event ids the broker confirmed, with how many copies of each it confirmed.</summary>
    public IReadOnlyDictionary<string, int> Confirmed => _confirmed;

    /// <summary>Copies not confirmed at the first try, sent again until they were.</summary>
    public int Resent { get; private set; }

    /// <summary>Publishes every copy, in order (in batches awaited together), and returns once the broker confirmed them all.</summary>
    public async Task PublishAsync(IEnumerable<ScenarioEvent> copies, TimeSpan within, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copies);
        var deadline = DateTime.UtcNow + within;
        foreach (var batch in copies.Chunk(BatchSize))
        {
            var pending = await PublishBatchAsync([.. batch], cancellationToken);
            Resent += pending.Count;
            while (pending.Count > 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"the broker had not confirmed {pending.Count} events after {within}: {string.Join(", ", pending.Take(5))}…");
                }

                await Task.Delay(RetryPause, cancellationToken);
                pending = await PublishBatchAsync(pending, cancellationToken);
            }
        }
    }

    /// <summary>Returns the copies that must be sent again.</summary>
    private async Task<List<ScenarioEvent>> PublishBatchAsync(List<ScenarioEvent> batch, CancellationToken cancellationToken)
    {
        IChannel channel;
        try
        {
            channel = await ChannelAsync(cancellationToken);
        }
        catch (Exception e) when (IsBrokerTrouble(e, cancellationToken))
        {
            await ResetAsync();
            return batch;
        }

        var results = await Task.WhenAll(batch.Select(e => PublishOneAsync(channel, e, cancellationToken)));
        var again = batch.Where((_, i) => !results[i]).ToList();
        if (again.Count > 0 && !channel.IsOpen) await ResetAsync();
        return again;
    }

    private async Task<bool> PublishOneAsync(IChannel channel, ScenarioEvent e, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties { Persistent = true, ContentType = "application/json", MessageId = e.Id };
        try
        {
            await channel.BasicPublishAsync(_exchange, e.RoutingKey, mandatory: true, properties, e.Body, cancellationToken);
            _confirmed.AddOrUpdate(e.Id, 1, (_, n) => n + 1);
            return true;
        }
        catch (Exception ex) when (IsBrokerTrouble(ex, cancellationToken))
        {
            return false;
        }
    }

    /// <summary>Anything that means "not confirmed, try again", as opposed to the test being cancelled.</summary>
    private static bool IsBrokerTrouble(Exception e, CancellationToken cancellationToken) =>
        e is RabbitMQClientException or OperationInterruptedException or IOException or ObjectDisposedException or TimeoutException or InvalidOperationException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open) return open;
        await ResetAsync();
        var factory = new ConnectionFactory
        {
            Uri = _broker,
            ClientProvidedName = "cachesync-reliability-publisher",
            AutomaticRecoveryEnabled = false, // unconfirmed copies are sent again by PublishAsync; nothing else to restore
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
        _connection = await factory.CreateConnectionAsync(cancellationToken);
        _channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);

        // The worker declares the exchange too (durable topic); declaring it here first lets publishing start at any time.
        await _channel.ExchangeDeclareAsync(_exchange, ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);
        return _channel;
    }

    private async Task ResetAsync()
    {
        var (channel, connection) = (_channel, _connection);
        (_channel, _connection) = (null, null);
        try
        {
            if (channel is not null) await channel.DisposeAsync();
            if (connection is not null) await connection.DisposeAsync();
        }
        catch (Exception e) when (IsBrokerTrouble(e, CancellationToken.None))
        {
            // Already broken; it is being replaced.
        }
    }

    public async ValueTask DisposeAsync() => await ResetAsync();
}
