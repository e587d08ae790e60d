using System.Globalization;
using CacheSync.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CacheSync.Worker.Transport;

/// <summary>
/// Moves messages to the DLQ with publisher confirms: the original body, properties and headers unchanged,
/// plus the <see cref="DeadLetterHeaders"/>. The caller acks the original only after this returns, so a
/// message is always in the work queue, in the DLQ, or (briefly, after a crash) in both; never in neither.
/// </summary>
/// <remarks>
/// The worker publishes dead letters itself instead of relying on broker-side dead-lettering, because the
/// broker cannot add the reason headers, and confirms make the hand-over at-least-once.
/// </remarks>
internal sealed class DeadLetterPublisher : IAsyncDisposable
{
    // Browsing the DLQ (cachesync dlq list/show/export) takes each message unacknowledged and returns it, which a
    // quorum queue counts as a delivery. RabbitMQ 4 gives quorum queues a delivery limit of 20 by default and
    // drops a message past it: a DLQ listed twenty times would lose messages. So the DLQ's limit is set out of reach.
    private static readonly Dictionary<string, object?> DeadLetterQueueArguments = new()
    {
        ["x-queue-type"] = "quorum",
        ["x-delivery-limit"] = 1_000_000,
    };
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    private readonly RabbitMqTransportOptions _options;
    private readonly ILogger<DeadLetterPublisher> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public DeadLetterPublisher(IOptions<RabbitMqTransportOptions> options, ILogger<DeadLetterPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Declares the DLQ (idempotent), so it exists before the first failure.</summary>
    public Task EnsureReadyAsync(CancellationToken cancellationToken) => OpenChannelAsync(cancellationToken);

    /// <summary>The channel, opened (and the DLQ declared) if there is none; the gate lets one caller do that at a time.</summary>
    private async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await GetChannelAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task PublishAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        var properties = letter.OriginalProperties is null ? new BasicProperties() : new BasicProperties(letter.OriginalProperties);
        var headers = new Dictionary<string, object?>(properties.Headers ?? new Dictionary<string, object?>(), StringComparer.Ordinal)
        {
            [DeadLetterHeaders.Reason] = letter.Reason,
            [DeadLetterHeaders.Attempts] = letter.Attempts,
            [DeadLetterHeaders.FailedAt] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            [DeadLetterHeaders.Worker] = Environment.MachineName,
        };

        // A replayed copy reaches the worker straight through its queue; where the event was first published is
        // what it already carries, and a later replay --to-exchange needs that, not the default exchange.
        if (!HasText(headers, DeadLetterHeaders.OriginalExchange))
        {
            headers[DeadLetterHeaders.OriginalExchange] = letter.OriginalExchange ?? string.Empty;
            headers[DeadLetterHeaders.OriginalRoutingKey] = letter.OriginalRoutingKey ?? string.Empty;
        }
        if (letter.Detail is not null) headers[DeadLetterHeaders.Detail] = Truncate(letter.Detail);
        // Two properties cannot travel as they are: a foreign user_id makes the broker refuse the publish, and an
        // expiration would let the dead letter vanish from the DLQ. They move to headers.
        if (properties.IsUserIdPresent())
        {
            headers[DeadLetterHeaders.OriginalUserId] = properties.UserId;
            properties.ClearUserId();
        }

        if (properties.IsExpirationPresent())
        {
            headers[DeadLetterHeaders.OriginalExpiration] = properties.Expiration;
            properties.ClearExpiration();
        }

        if (letter.Exception is not null)
        {
            headers[DeadLetterHeaders.ExceptionType] = letter.Exception.GetType().FullName;
            headers[DeadLetterHeaders.ExceptionMessage] = Truncate(letter.Exception.Message);
        }

        properties.Headers = headers;
        properties.Persistent = true;

        Exception failure;
        IChannel? channel = null;
        try
        {
            channel = await OpenChannelAsync(cancellationToken).ConfigureAwait(false);

            // Dead letters share the channel, each awaiting its own confirm. One at a time (the gate held across the
            // confirm) made a flood of poison crawl at a broker round trip per message, with every consumer, and the
            // valid events behind them, waiting its turn.
            // mandatory: a DLQ deleted under us must fail the publish (and requeue the original), not drop it.
            await channel.BasicPublishAsync(string.Empty, _options.DeadLetterQueue, mandatory: true, properties, letter.Body, cancellationToken)
                .ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            // A publish abandoned half way leaves the channel's confirm tracking in doubt: start afresh next time.
            if (channel is not null) await ResetAsync(channel).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            await ResetAsync(channel).ConfigureAwait(false);
            failure = ex;
        }

        _logger.LogError(failure, "Could not move a message to the DLQ {Queue}; it goes back to the work queue", _options.DeadLetterQueue);

        // The original is about to be requeued and redelivered at once; pausing here (outside the gate, so other
        // dead letters are not held up) keeps that from becoming a tight loop while the DLQ is unavailable.
        await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(false);
        throw new DeadLetterUnavailableException($"Could not move a message to the DLQ '{_options.DeadLetterQueue}': {failure.Message}", failure);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Replaces a channel a publish failed on, unless another failure has replaced it already (publishes run side by
    /// side, and a second reset would close a fresh channel). Null: opening failed; whatever was half made goes.
    /// </summary>
    private async Task ResetAsync(IChannel? broken)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (broken is null || ReferenceEquals(broken, _channel)) await CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IChannel> GetChannelAsync(CancellationToken ct)
    {
        if (_channel is { IsOpen: true }) return _channel;
        await CloseAsync().ConfigureAwait(false);
        var factory = new ConnectionFactory
        {
            Uri = new Uri(_options.Uri),
            ClientProvidedName = $"cachesync-worker-dlq@{Environment.MachineName}",
            // Recovery is ours: a broken channel is replaced (and the DLQ declared again) on the next publish.
            AutomaticRecoveryEnabled = false,
        };
        _connection = await factory.CreateConnectionAsync(ct).ConfigureAwait(false);
        _channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct).ConfigureAwait(false);
        if (!await DeadLetterQueueExistsAsync(_connection, ct).ConfigureAwait(false))
        {
            await _channel.QueueDeclareAsync(_options.DeadLetterQueue, durable: true, exclusive: false, autoDelete: false,
                arguments: DeadLetterQueueArguments, cancellationToken: ct).ConfigureAwait(false);
        }

        _logger.LogInformation("Dead-letter queue {Queue} is ready", _options.DeadLetterQueue);
        return _channel;
    }

    /// <summary>
    /// An existing DLQ is used as it is: declaring it again with other arguments (one made by an earlier version,
    /// or by an operator) would be refused, and then no dead letter could be published at all. The check runs on
    /// a channel of its own, since a passive declare of a missing queue closes its channel.
    /// </summary>
    private async Task<bool> DeadLetterQueueExistsAsync(IConnection connection, CancellationToken ct)
    {
        var probe = await connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
        try
        {
            await probe.QueueDeclarePassiveAsync(_options.DeadLetterQueue, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
        finally
        {
            await probe.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task CloseAsync()
    {
        var channel = _channel;
        var connection = _connection;
        _channel = null;
        _connection = null;
        try
        {
            if (channel is not null) await channel.DisposeAsync().ConfigureAwait(false);
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A broken connection may fail to close; it is being replaced either way.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogDebug(ex, "Closing a broken DLQ connection failed");
        }
    }

    private static bool HasText(Dictionary<string, object?> headers, string name) =>
        headers.TryGetValue(name, out var value) && value switch
        {
            byte[] bytes => bytes.Length > 0,
            string text => text.Length > 0,
            _ => false,
        };

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];
}
