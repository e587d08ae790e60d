namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>
/// Client-side write timestamps in microseconds since the epoch, strictly increasing within this instance even
/// when the clock stands still or steps back, so two writes sent in order by this client apply in that order.
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
