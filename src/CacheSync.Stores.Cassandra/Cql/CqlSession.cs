using CacheSync.Contracts;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>
/// The client's front door: QUERY, PREPARE, EXECUTE and BATCH against a small pool of nodes (one multiplexed
/// connection each), spread round-robin. A request whose node is down, whose connection breaks, or whose node
/// says it is overloaded or still bootstrapping moves on to the next node; other errors go to the caller.
/// Prepared statements are cached by query text and re-prepared on a node that answers UNPREPARED.
/// </summary>
/// <remarks>
/// Moving a request to the next node after its connection broke may run it twice, so send only idempotent
/// statements through a session (every statement of the record store is: writes carry USING TIMESTAMP).
/// </remarks>
public sealed class CqlSession : IAsyncDisposable
{
    private readonly CqlHost[] _hosts;
    private readonly CqlSessionOptions _options;
    private readonly MonotonicTimestamps _timestamps;
    private readonly ConcurrentDictionary<string, Lazy<Task<PreparedStatement>>> _prepared = new(StringComparer.Ordinal);
    private int _nextHost = -1;

    public CqlSession(CqlSessionOptions options, ILogger<CqlSession>? logger = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ContactPoints.Count == 0) throw new ArgumentException("At least one contact point is needed.", nameof(options));
        _options = options;
        clock ??= TimeProvider.System;
        _timestamps = new MonotonicTimestamps(clock);
        var log = (ILogger?)logger ?? NullLogger.Instance;
        _hosts = options.ContactPoints.Select(point =>
        {
            var (host, port) = ParseContactPoint(point, options.DefaultPort);
            return new CqlHost(host, port, options, clock, log);
        }).ToArray();
    }

    public IReadOnlyList<string> EndPoints => _hosts.Select(h => h.EndPoint).ToArray();

    public Task<CqlResponse> QueryAsync(string query, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var request = RequestEncoder.Query(query, Stamp(parameters));
        return RunAsync((connection, ct) => connection.SendAsync(request, _options.RequestTimeout, ct), cancellationToken);
    }

    /// <summary>Prepares once per session (any node), then serves the cached statement.</summary>
    public async Task<PreparedStatement> PrepareAsync(string query, CancellationToken cancellationToken)
    {
        // Lazy: two callers racing on a new statement share one PREPARE instead of sending two.
        var entry = _prepared.GetOrAdd(query, q => new Lazy<Task<PreparedStatement>>(() => PrepareAnywhereAsync(q)));
        var preparing = entry.Value;
        try
        {
            return await preparing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (preparing.IsFaulted)
        {
            // A failed preparation is not cached: the next caller tries again.
            _prepared.TryRemove(new KeyValuePair<string, Lazy<Task<PreparedStatement>>>(query, entry));
            throw;
        }
    }

    private async Task<PreparedStatement> PrepareAnywhereAsync(string query)
    {
        // Not tied to one caller's cancellation: other callers may be waiting on the same preparation.
        return await RunAsync((connection, ct) => PrepareOnAsync(connection, query, ct), CancellationToken.None).ConfigureAwait(false);
    }

    public Task<CqlResponse> ExecuteAsync(PreparedStatement statement, QueryParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        parameters = Stamp(parameters);
        return RunAsync(async (connection, ct) =>
        {
            try
            {
                return await connection.SendAsync(RequestEncoder.Execute(statement.Id, parameters), _options.RequestTimeout, ct).ConfigureAwait(false);
            }
            catch (CqlServerException e) when (e.Code == CqlErrorCode.Unprepared)
            {
                // This node has not seen the statement (it restarted, or it never prepared it): prepare it here, once, and go on.
                var again = await PrepareOnAsync(connection, statement.Query, ct).ConfigureAwait(false);
                return await connection.SendAsync(RequestEncoder.Execute(again.Id, parameters), _options.RequestTimeout, ct).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    public Task<CqlResponse> BatchAsync(BatchType type, IReadOnlyList<BatchEntry> entries, Consistency consistency, Consistency? serialConsistency, long? timestamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (timestamp is null && _options.ClientTimestamps) timestamp = _timestamps.Next();
        return RunAsync(async (connection, ct) =>
        {
            var current = entries.ToArray();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return await connection.SendAsync(RequestEncoder.Batch(type, current, consistency, serialConsistency, timestamp), _options.RequestTimeout, ct).ConfigureAwait(false);
                }
                catch (CqlServerException e) when (e.Code == CqlErrorCode.Unprepared && attempt < current.Length)
                {
                    var index = Array.FindIndex(current, entry => entry.Prepared?.Id.AsSpan().SequenceEqual(e.UnpreparedId) == true);
                    if (index < 0) throw;
                    var again = await PrepareOnAsync(connection, current[index].Prepared!.Query, ct).ConfigureAwait(false);
                    for (var i = 0; i < current.Length; i++)
                    {
                        if (current[i].Prepared?.Query == again.Query) current[i] = current[i] with { Prepared = again };
                    }
                }
            }
        }, cancellationToken);
    }

    private async Task<PreparedStatement> PrepareOnAsync(CqlConnection connection, string query, CancellationToken ct)
    {
        var answer = await connection.SendAsync(RequestEncoder.Prepare(query), _options.RequestTimeout, ct).ConfigureAwait(false);
        if (answer is not PreparedResult prepared)
        {
            throw new CqlProtocolException($"Cassandra node {connection.EndPoint} answered PREPARE with {answer.GetType().Name}.");
        }

        var statement = new PreparedStatement(query, prepared.Id, prepared.Variables, prepared.Result);
        // A schema change can give the statement a new id; later executions should use it everywhere.
        _prepared[query] = new Lazy<Task<PreparedStatement>>(Task.FromResult(statement));
        return statement;
    }

    private async Task<T> RunAsync<T>(Func<CqlConnection, CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        var start = Interlocked.Increment(ref _nextHost);
        Exception? last = null;
        for (var i = 0; i < _hosts.Length; i++)
        {
            var host = _hosts[(int)((uint)(start + i) % (uint)_hosts.Length)];
            try
            {
                var connection = await host.GetConnectionAsync(cancellationToken).ConfigureAwait(false);
                return await send(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (CqlConnectionException e)
            {
                last = e;
            }
            catch (CqlServerException e) when (e.Code is CqlErrorCode.Overloaded or CqlErrorCode.IsBootstrapping)
            {
                last = e;
            }
        }

        throw last is CqlServerException ? last
            : new CqlConnectionException($"No Cassandra node could take the request (tried {string.Join(", ", EndPoints)}): {last?.Message}", last!);
    }

    private QueryParameters Stamp(QueryParameters parameters) =>
        parameters.Timestamp is null && _options.ClientTimestamps ? parameters with { Timestamp = _timestamps.Next() } : parameters;

    internal static (string Host, int Port) ParseContactPoint(string point, int defaultPort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(point);
        // [v6::addr]:port, host:port, or a bare host / IPv6 address.
        if (point.StartsWith('['))
        {
            var close = point.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw new FormatException($"'{point}' is not a contact point.");
            var rest = point[(close + 1)..];
            if (rest.Length == 0) return (point[1..close], defaultPort);
            return rest[0] == ':' ? (point[1..close], ParsePort(point, rest[1..])) : throw new FormatException($"'{point}' is not a contact point.");
        }

        var colon = point.LastIndexOf(':');
        if (colon < 0 || point.IndexOf(':', StringComparison.Ordinal) != colon) return (point, defaultPort);
        return (point[..colon], ParsePort(point, point[(colon + 1)..]));
    }

    private static int ParsePort(string point, string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new FormatException($"'{point}' has no valid port.");

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync().ConfigureAwait(false);
    }
}
