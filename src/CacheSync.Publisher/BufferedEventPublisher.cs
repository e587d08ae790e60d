using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using CacheSync.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CacheSync.Publisher;

/// <summary>
/// The publisher: <see cref="PublishAsync"/> checks the event against the contract, encodes it and puts it in a
/// bounded buffer; a background loop publishes it to the exchange (routing key <c>&lt;entity&gt;.&lt;op&gt;</c>,
/// persistent, <c>mandatory</c>) with publisher confirms, up to <c>MaxInFlight</c> at a time. Whatever is not
/// confirmed (nacked, unroutable, or lost with the connection) is sent again, with the same id, after a
/// reconnect if need be; so an event may reach the broker twice, which the worker's idempotency absorbs, but is
/// never dropped silently. On shutdown the buffer drains for <c>ShutdownTimeout</c>; anything still unsent is
/// logged as an error with its count and ids.
/// </summary>
public sealed class BufferedEventPublisher : IEventPublisher, IHostedService, IDisposable
{
    private readonly PublisherOptions _options;
    private readonly ILogger<BufferedEventPublisher> _logger;
    private readonly Channel<OutboundEvent> _buffer;
    private readonly Queue<OutboundEvent> _unconfirmed = new();
    private readonly MonotonicTimestamps _versions;
    private readonly PublisherMetrics _metrics;
    private readonly CancellationTokenSource _abandon = new();
    private IConnection? _connection;
    private IChannel? _channel;
    private IReadOnlyList<string> _unsent = [];
    private volatile bool _stopping;
    private int _disposed;
    private Task? _loop;

    // The batch being published, so that a shutdown cut short mid-batch still reports it; and events no queue
    // would take (returned as unroutable), which are not retried (they would block every later event) but kept
    // for the report.
    private List<OutboundEvent>? _inFlight;
    private readonly System.Collections.Concurrent.ConcurrentQueue<OutboundEvent> _unroutable = new();

    public BufferedEventPublisher(IOptions<PublisherOptions> options, ILogger<BufferedEventPublisher> logger, IMeterFactory? meters = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _versions = new MonotonicTimestamps(clock);
        _buffer = Channel.CreateBounded<OutboundEvent>(new BoundedChannelOptions(_options.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _metrics = new PublisherMetrics(meters, () => _buffer.Reader.Count);
    }

    /// <summary>The ids left unsent when the publisher stopped (empty when everything was confirmed).</summary>
    public IReadOnlyList<string> Unsent => Volatile.Read(ref _unsent);

    public async ValueTask<string> PublishAsync(EventToPublish writeEvent, CancellationToken cancellationToken = default)
    {
        var outbound = Encode(writeEvent);
        EnsureRunning();
        if (_buffer.Writer.TryWrite(outbound))
        {
            _metrics.Published.Add(1);
            return outbound.Id;
        }

        if (_options.ParsedWhenFull == FullBufferPolicy.FailFast)
        {
            ThrowIfStopping();
            throw new PublisherBufferFullException($"The publisher's buffer holds {_options.BufferCapacity} events waiting for the broker; event {outbound.Id} was not taken.");
        }

        try
        {
            await _buffer.Writer.WriteAsync(outbound, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new InvalidOperationException("The publisher is shutting down and takes no more events.", e);
        }

        _metrics.Published.Add(1);
        return outbound.Id;
    }

    /// <summary>Starts the delivery loop (publishing starts it too, so a publisher outside a host still delivers).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureRunning();
        return Task.CompletedTask;
    }

    /// <summary>Takes no more events and drains the buffer for at most <c>ShutdownTimeout</c> (or until the host gives up); what is left is reported.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _buffer.Writer.TryComplete();
        _abandon.CancelAfter(_options.ShutdownTimeout);
        using var hostGivesUp = cancellationToken.Register(_abandon.Cancel);
        if (Volatile.Read(ref _loop) is { } loop) await loop.ConfigureAwait(false);
        else ReportUnsent();
    }

    // Not a BackgroundService: its loop is started with the stopping token, and a stop that comes before the loop
    // has run would cancel it unstarted, leaving the buffer unsent and unreported.
    private void EnsureRunning()
    {
        if (Volatile.Read(ref _loop) is not null || _stopping) return;
        var loop = new Task<Task>(RunAsync);
        if (Interlocked.CompareExchange(ref _loop, loop.Unwrap(), null) is null) loop.Start(TaskScheduler.Default);
    }

    private async Task RunAsync()
    {
        var failures = 0;
        try
        {
            while (true)
            {
                var batch = await NextBatchAsync(_abandon.Token).ConfigureAwait(false);
                if (batch is null) break;

                int lost;
                Volatile.Write(ref _inFlight, batch);
                try
                {
                    lost = await PublishBatchAsync(batch, _abandon.Token).ConfigureAwait(false);
                    Volatile.Write(ref _inFlight, null);
                }
                catch (Exception e) when (e is not OperationCanceledException || !_abandon.IsCancellationRequested)
                {
                    // Whatever went wrong, the loop must live on: a dead loop would leave events in the buffer unsent.
                    _logger.LogError(e, "Publishing a batch of {Count} events failed; it will be sent again", batch.Count);
                    Volatile.Write(ref _inFlight, null);
                    Requeue(batch);
                    await CloseAsync().ConfigureAwait(false);
                    lost = batch.Count;
                }

                if (lost == 0)
                {
                    failures = 0;
                    continue;
                }

                failures++;
                var pause = TimeSpan.FromTicks(_options.ReconnectDelay.Ticks * Math.Min(1 << Math.Min(failures - 1, 10), 10));
                await Task.Delay(pause, _abandon.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // The shutdown timeout ran out: report what could not be sent.
        }
        finally
        {
            // No more publishes can be taken once the loop is gone, whatever ended it.
            _stopping = true;
            _buffer.Writer.TryComplete();
            ReportUnsent();
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Unconfirmed events while there are any, else the buffer, up to MaxInFlight; null once stopped and empty.
    /// Nothing new leaves the buffer while earlier events wait to be sent again, so memory stays bounded by the
    /// buffer plus one batch, and a full buffer pushes back on callers during an outage.
    /// </summary>
    private async Task<List<OutboundEvent>?> NextBatchAsync(CancellationToken ct)
    {
        var batch = new List<OutboundEvent>(Math.Min(_options.MaxInFlight, 1024));
        while (batch.Count < _options.MaxInFlight && _unconfirmed.TryDequeue(out var retry)) batch.Add(retry);
        if (batch.Count > 0) return batch;
        if (!await _buffer.Reader.WaitToReadAsync(ct).ConfigureAwait(false)) return null;
        while (batch.Count < _options.MaxInFlight && _buffer.Reader.TryRead(out var next)) batch.Add(next);
        return batch;
    }

    /// <summary>Publishes a batch concurrently and waits for every confirm; returns how many must be sent again.</summary>
    private async Task<int> PublishBatchAsync(List<OutboundEvent> batch, CancellationToken ct)
    {
        IChannel channel;
        try
        {
            channel = await ChannelAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever the reason (unreachable, refused credentials, a bad vhost), the batch waits for the next try.
            _logger.LogWarning("Cannot reach RabbitMQ ({Reason}); {Count} events wait", e.Message, batch.Count + _buffer.Reader.Count);
            Requeue(batch);
            return batch.Count;
        }

        var outcomes = await Task.WhenAll(batch.Select(e => PublishOneAsync(channel, e, ct))).ConfigureAwait(false);
        var retry = batch.Where((_, i) => outcomes[i] == Delivery.SendAgain).ToList();
        if (retry.Count == 0) return 0;

        Requeue(retry);
        if (!channel.IsOpen) await CloseAsync().ConfigureAwait(false);
        return retry.Count;
    }

    private enum Delivery
    {
        Confirmed,
        SendAgain,
        Unroutable,
    }

    private async Task<Delivery> PublishOneAsync(IChannel channel, OutboundEvent outbound, CancellationToken ct)
    {
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            MessageId = outbound.Id,
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        };
        if (outbound.TraceParent is not null)
        {
            properties.Headers = new Dictionary<string, object?> { ["traceparent"] = outbound.TraceParent };
            if (outbound.TraceState is not null) properties.Headers["tracestate"] = outbound.TraceState;
        }

        try
        {
            await channel.BasicPublishAsync(_options.Exchange, outbound.RoutingKey, mandatory: true, properties, outbound.Body, ct).ConfigureAwait(false);
            _metrics.Confirmed.Add(1);
            return Delivery.Confirmed;
        }
        catch (PublishException e) when (e.IsReturn)
        {
            // No queue is bound for this routing key: sending it again would only return it again, and while it
            // waited nothing behind it could go. It is set aside, loudly, and reported at shutdown.
            _metrics.Unroutable.Add(1);
            _unroutable.Enqueue(outbound);
            _logger.LogError("Event {EventId} cannot be routed: no queue is bound to {Exchange} for {RoutingKey}; it is not sent again", outbound.Id, _options.Exchange, outbound.RoutingKey);
            return Delivery.Unroutable;
        }
        catch (PublishException)
        {
            _metrics.Nacked.Add(1);
            _logger.LogWarning("Event {EventId} was nacked by RabbitMQ; it will be sent again", outbound.Id);
            return Delivery.SendAgain;
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            return Delivery.SendAgain;
        }
    }

    private void Requeue(IEnumerable<OutboundEvent> events)
    {
        foreach (var e in events)
        {
            _unconfirmed.Enqueue(e);
            _metrics.Retried.Add(1);
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken ct)
    {
        if (_channel is { IsOpen: true } open) return open;
        await CloseAsync().ConfigureAwait(false);
        var factory = new ConnectionFactory
        {
            Uri = new Uri(_options.Uri),
            ClientProvidedName = _options.ConnectionName,
            // Recovery is ours: unconfirmed events are re-sent from _unconfirmed, and nothing else needs restoring.
            AutomaticRecoveryEnabled = false,
        };
        _connection = await factory.CreateConnectionAsync(ct).ConfigureAwait(false);
        _channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct).ConfigureAwait(false);
        _logger.LogInformation("Publishing to {Exchange} on {Host}", _options.Exchange, _connection.Endpoint.HostName);
        return _channel;
    }

    private async Task CloseAsync()
    {
        var (channel, connection) = (_channel, _connection);
        (_channel, _connection) = (null, null);
        try
        {
            if (channel is not null) await channel.DisposeAsync().ConfigureAwait(false);
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            // Already gone; nothing left to release.
        }
    }

    private void ReportUnsent()
    {
        // Not confirmed: set aside as unroutable, cut short in the batch being published, waiting to be sent again,
        // or never taken from the buffer. (Some of the batch cut short may have reached the broker.)
        var left = _unroutable.ToList();
        if (Volatile.Read(ref _inFlight) is { } cutShort) left.AddRange(cutShort);
        left.AddRange(_unconfirmed);
        while (_buffer.Reader.TryRead(out var waiting)) left.Add(waiting);
        Volatile.Write(ref _unsent, left.Select(e => e.Id).Distinct().ToArray());
        if (left.Count > 0)
        {
            _logger.LogError("The publisher stopped with {Count} events unsent (not confirmed by RabbitMQ): {EventIds}", left.Count, string.Join(", ", left.Select(e => e.Id).Distinct()));
        }
    }

    private OutboundEvent Encode(EventToPublish writeEvent)
    {
        ArgumentNullException.ThrowIfNull(writeEvent);
        ThrowIfStopping();
        var encoded = new WriteEvent
        {
            Id = writeEvent.Id ?? Guid.NewGuid().ToString(),
            Entity = writeEvent.Entity,
            Key = writeEvent.Key,
            Op = writeEvent.IsDelete ? EventOperation.Delete : EventOperation.Upsert,
            Version = writeEvent.Version ?? _versions.Next(),
            OccurredAt = DateTimeOffset.UtcNow,
            Data = writeEvent.Data,
            Links = writeEvent.Links,
        };
        var body = WriteEventEncoder.Encode(encoded);

        // The worker's own decoder judges it here, so a bad event fails in the caller's hands, not in the DLQ.
        var verdict = WriteEventDecoder.Decode(body);
        if (!verdict.IsValid) throw new ArgumentException($"The event breaks the contract ({verdict.Violation.Reason}): {verdict.Violation.Detail}", nameof(writeEvent));

        var activity = Activity.Current;
        return new OutboundEvent(encoded.Id, WriteEventEncoder.RoutingKey(encoded), body,
            activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null, activity?.TraceStateString);
    }

    private void ThrowIfStopping()
    {
        if (_stopping)
        {
            throw new InvalidOperationException("The publisher is shutting down and takes no more events.");
        }
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException or IOException
            or ObjectDisposedException or System.Net.Sockets.SocketException or ConnectFailureException;

    /// <summary>Stops at once (no drain) if the host did not, reporting what is left; then releases the loop's resources.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping = true;
        _buffer.Writer.TryComplete();
        _abandon.Cancel();
        if (Volatile.Read(ref _loop) is { } loop && !loop.Wait(TimeSpan.FromSeconds(5)))
        {
            // The loop is stuck in a call that ignores cancellation; leave its token alive rather than break it.
            return;
        }

        _metrics.Dispose();
        _abandon.Dispose();
    }
}
