using Microsoft.Extensions.Logging;

namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>
/// One node of the cluster and its single multiplexed connection. A node that fails to connect is left alone
/// for a growing pause (base × 2ⁿ, capped, with jitter) so a dead node costs a fast failure, not a connect timeout
/// per request; the next request after the pause tries again.
/// </summary>
internal sealed class CqlHost : IAsyncDisposable
{
    private readonly CqlSessionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private CqlConnection? _connection;
    private int _failures;
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
    private Exception? _lastFailure;

    public CqlHost(string host, int port, CqlSessionOptions options, TimeProvider clock, ILogger logger)
    {
        Host = host;
        Port = port;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    public string Host { get; }

    public int Port { get; }

    public string EndPoint => $"{Host}:{Port}";

    public async Task<CqlConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _connection) is { IsOpen: true } open) return open;
        ThrowIfBackingOff();
        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { IsOpen: true } current) return current;
            if (_connection is { } broken)
            {
                _connection = null;
                await broken.DisposeAsync().ConfigureAwait(false);
            }

            ThrowIfBackingOff();
            try
            {
                var connection = await CqlConnection.OpenAsync(Host, Port, _options.Connection, cancellationToken).ConfigureAwait(false);
                if (_failures > 0) _logger.LogInformation("Cassandra node {EndPoint} is reachable again", EndPoint);
                _failures = 0;
                Volatile.Write(ref _connection, connection);
                return connection;
            }
            catch (Exception e) when (e is CqlConnectionException or CqlAuthenticationException)
            {
                // Refused credentials back off too: retrying them at once, on every request, only floods the node's log.
                _lastFailure = e;
                _failures++;
                var pause = Backoff(_failures);
                _retryAt = _clock.GetUtcNow() + pause;
                _logger.LogWarning("Cassandra node {EndPoint} is unreachable ({Reason}); next attempt in {Pause}", EndPoint, e.Message, pause);
                throw;
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    private void ThrowIfBackingOff()
    {
        var wait = _retryAt - _clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            var message = $"{_lastFailure?.Message} (the next connection attempt is in {wait.TotalSeconds:0.#} s)";
            if (_lastFailure is CqlAuthenticationException) throw new CqlAuthenticationException(message);
            throw new CqlConnectionException($"Cassandra node {EndPoint} is down: {message}");
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var exponential = _options.ReconnectBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        var capped = Math.Min(exponential, _options.ReconnectMaxDelay.TotalMilliseconds);
        // ±20% jitter, so workers that lost a node together do not return to it in lockstep.
        return TimeSpan.FromMilliseconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection) await connection.DisposeAsync().ConfigureAwait(false);
        _connecting.Dispose();
    }
}
