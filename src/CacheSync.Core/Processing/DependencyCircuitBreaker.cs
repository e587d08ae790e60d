using CacheSync.Core.Policies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CacheSync.Core.Processing;

/// <summary>
/// Pauses every delivery while a dependency is down, instead of letting each message spend its retry budget and
/// drain the queue into the DLQ. While the breaker is open no attempt starts, so no message is acked and the broker
/// sends no more than the prefetch: consumption stops. After the pause one round of attempts probes the dependency;
/// a success closes the breaker, a failure reopens it for twice as long.
/// </summary>
/// <remarks>
/// Polly's circuit breaker fails calls fast while open; here callers must wait instead, and a failure during an
/// outage must not count against the message's own retry budget, so this small breaker is our own.
/// </remarks>
public sealed class DependencyCircuitBreaker
{
    private readonly CircuitBreakerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DependencyCircuitBreaker> _logger;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _failingEvents = new(StringComparer.Ordinal);
    private int _consecutiveFailures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;
    private TimeSpan _nextBreak;
    private bool _tripped;

    public DependencyCircuitBreaker(IOptions<CacheSyncOptions> options, TimeProvider time, ILogger<DependencyCircuitBreaker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.CircuitBreaker;
        _time = time;
        _logger = logger;
        _nextBreak = _options.BreakDuration;
    }

    /// <summary>True while deliveries are paused.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_lock) return _time.GetUtcNow() < _openUntil;
        }
    }

    /// <summary>Returns at once when the breaker is closed; otherwise when the pause is over.</summary>
    public async Task WaitUntilClosedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock) wait = _openUntil - _time.GetUtcNow();
            if (wait <= TimeSpan.Zero) return;
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void RecordSuccess()
    {
        lock (_lock)
        {
            if (_tripped) _logger.LogInformation("A dependency answers again: deliveries resume");
            _tripped = false;
            _openUntil = DateTimeOffset.MinValue;
            _consecutiveFailures = 0;
            _failingEvents.Clear();
            _nextBreak = _options.BreakDuration;
        }
    }

    /// <summary>Counts a transient failure; true when it is part of an outage (the breaker is now open).</summary>
    public bool RecordFailure(string eventId)
    {
        lock (_lock)
        {
            _consecutiveFailures++;
            _failingEvents.Add(eventId);
            if (_consecutiveFailures < _options.FailureThreshold || _failingEvents.Count < _options.MinimumDistinctEvents) return false;

            var now = _time.GetUtcNow();
            if (now >= _openUntil)
            {
                _openUntil = now + _nextBreak;
                _logger.LogError("{Failures} transient failures in a row from {Events} events: a dependency looks down; pausing all deliveries for {Pause} ms",
                    _consecutiveFailures, _failingEvents.Count, (int)_nextBreak.TotalMilliseconds);
                _nextBreak = TimeSpan.FromTicks(Math.Min(_nextBreak.Ticks * 2, _options.MaxBreakDuration.Ticks));
                _tripped = true;
            }

            return true;
        }
    }
}
