namespace CacheSync.Contracts;

/// <summary>
/// Microseconds since the epoch, strictly increasing within this instance even when the clock stands still or
/// steps back: the versions a producer gives its events (so two writes it makes in order are ordered), and the
/// CQL client's write timestamps.
/// </summary>
public sealed class MonotonicTimestamps
{
    private readonly TimeProvider _clock;
    private long _last;

    public MonotonicTimestamps(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
    }

    public long Next()
    {
        var now = (_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / (TimeSpan.TicksPerMillisecond / 1000);
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last) return next;
        }
    }
}
