namespace CacheSync.Core.Tests.Fakes;

/// <summary>
/// A clock that jumps forward by whatever a timer waits for and fires it at once, so waiting code runs without
/// waiting, and the waits it asked for can be read back.
/// </summary>
internal sealed class SteppingTimeProvider : TimeProvider
{
    private readonly List<TimeSpan> _waits = [];
    private DateTimeOffset _now = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_waits) return _waits.ToArray();
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_waits) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_waits) _now += by;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_waits)
        {
            _waits.Add(dueTime);
            _now += dueTime;
        }

        return base.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
