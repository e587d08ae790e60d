using System.Diagnostics.Metrics;
using CacheSync.Core.Processing;
using CacheSync.Worker.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace CacheSync.Worker.Telemetry;

/// <summary>
/// The observable gauge <c>cachesync.dlq.depth</c>: the DLQ's ready messages. A collection never waits on the
/// broker: it reports the last count, and if that is older than <see cref="PollInterval"/> starts one passive
/// declare in the background, on a connection of its own (opened only once someone collects). While the broker
/// cannot be asked, the gauge reports nothing rather than an old number, and the worker is not disturbed.
/// </summary>
internal sealed class DeadLetterQueueDepthGauge : IHostedService, IAsyncDisposable
{
    public const string InstrumentName = "cachesync.dlq.depth";
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    // The read starts when a collection finds the last one old, and exporters collect every 60 s by default: a
    // reading must outlive one collection interval (twice over, for jitter) or the gauge would never report.
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(3);

    private readonly RabbitMqTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DeadLetterQueueDepthGauge> _logger;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _connectionGate = new(1, 1);
    private IConnection? _connection;
    private long _depth;
    private DateTimeOffset _measuredAt = DateTimeOffset.MinValue;
    private DateTimeOffset _polledAt = DateTimeOffset.MinValue;
    private Task _poll = Task.CompletedTask;
    private bool _brokerDownLogged;

    public DeadLetterQueueDepthGauge(ProcessingTelemetry telemetry, IOptions<RabbitMqTransportOptions> options, TimeProvider time, ILogger<DeadLetterQueueDepthGauge> logger)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        telemetry.Meter.CreateObservableGauge(InstrumentName, Observe, "{message}", "Messages ready in the dead-letter queue.");
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (now - _polledAt >= PollInterval && _poll.IsCompleted && !_stopping.IsCancellationRequested)
            {
                _polledAt = now;
                _poll = Task.Run(PollAsync);
            }

            if (now - _measuredAt > MaxAge) return [];
            return [new Measurement<long>(_depth, new KeyValuePair<string, object?>("queue", _options.DeadLetterQueue))];
        }
    }

    private async Task PollAsync()
    {
        var ct = _stopping.Token;
        await _connectionGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _connection = _connection is { IsOpen: true } ? _connection : await ConnectAsync(ct).ConfigureAwait(false);

            // A passive declare of a missing queue closes its channel, so each probe has a channel of its own.
            var channel = await _connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
            await using (channel.ConfigureAwait(false))
            {
                var declared = await channel.QueueDeclarePassiveAsync(_options.DeadLetterQueue, ct).ConfigureAwait(false);
                lock (_lock)
                {
                    _depth = declared.MessageCount;
                    _measuredAt = _time.GetUtcNow();
                }
            }

            _brokerDownLogged = false;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A gauge must never fail the worker: the broker being down means no value for now.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!_brokerDownLogged) _logger.LogWarning("Cannot read the depth of the DLQ {Queue}: {Error}", _options.DeadLetterQueue, ex.Message);
            _brokerDownLogged = true;
        }
        finally
        {
            _connectionGate.Release();
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken ct)
    {
        if (_connection is not null) await CloseAsync(_connection).ConfigureAwait(false);
        _connection = null;
        var factory = new ConnectionFactory
        {
            Uri = new Uri(_options.Uri),
            ClientProvidedName = $"cachesync-worker-metrics@{Environment.MachineName}",
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = PollInterval,
        };
        return await factory.CreateConnectionAsync(ct).ConfigureAwait(false);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task poll;
        lock (_lock) poll = _poll;
        await poll.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested) await _stopping.CancelAsync().ConfigureAwait(false);
        Task poll;
        lock (_lock) poll = _poll;
        await poll.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_connection is not null) await CloseAsync(_connection).ConfigureAwait(false);
        _connection = null;
        _stopping.Dispose();
        _connectionGate.Dispose();
    }

    private async Task CloseAsync(IConnection connection)
    {
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A broken connection may fail to close; it is being dropped either way.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogDebug(ex, "Closing the DLQ depth connection failed");
        }
    }
}
