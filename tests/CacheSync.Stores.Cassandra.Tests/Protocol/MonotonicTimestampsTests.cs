using CacheSync.Contracts;
using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>Client-side default timestamps (§4.1.4 flag 0x20): microseconds since the epoch, strictly increasing.</summary>
public class MonotonicTimestampsTests
{
    private sealed class FakeClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly DateTimeOffset NewYear2024 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const long NewYear2024Micros = 1_704_067_200_000_000;

    [Test]
    public void The_timestamp_is_microseconds_since_the_epoch()
    {
        var timestamps = new MonotonicTimestamps(new FakeClock(NewYear2024.AddTicks(15))); // 1.5 µs

        Assert.That(timestamps.Next(), Is.EqualTo(NewYear2024Micros + 1));
    }

    [Test]
    public void A_clock_that_stands_still_still_gives_increasing_timestamps()
    {
        var timestamps = new MonotonicTimestamps(new FakeClock(NewYear2024));

        var values = Enumerable.Range(0, 1000).Select(_ => timestamps.Next()).ToArray();

        Assert.That(values[0], Is.EqualTo(NewYear2024Micros));
        Assert.That(values, Is.Ordered.Ascending);
        Assert.That(values, Is.Unique);
        Assert.That(values[^1], Is.EqualTo(NewYear2024Micros + 999));
    }

    [Test]
    public void A_clock_that_steps_back_does_not_make_timestamps_go_back()
    {
        var clock = new FakeClock(NewYear2024);
        var timestamps = new MonotonicTimestamps(clock);

        var before = timestamps.Next();
        clock.Now = NewYear2024.AddSeconds(-10);
        var after = timestamps.Next();
        var later = timestamps.Next();

        Assert.That(after, Is.GreaterThan(before));
        Assert.That(later, Is.GreaterThan(after));
    }

    [Test]
    public void Timestamps_follow_the_clock_again_once_it_passes_the_last_one()
    {
        var clock = new FakeClock(NewYear2024);
        var timestamps = new MonotonicTimestamps(clock);
        timestamps.Next();
        clock.Now = NewYear2024.AddSeconds(-1);
        timestamps.Next();

        clock.Now = NewYear2024.AddSeconds(1);

        Assert.That(timestamps.Next(), Is.EqualTo(NewYear2024Micros + 1_000_000));
    }

    [Test]
    public void Concurrent_callers_never_get_the_same_timestamp()
    {
        var timestamps = new MonotonicTimestamps(new FakeClock(NewYear2024));
        var values = new System.Collections.Concurrent.ConcurrentBag<long>();

        Parallel.For(0, 10_000, _ => values.Add(timestamps.Next()));

        Assert.That(values, Is.Unique);
        Assert.That(values.Max(), Is.EqualTo(NewYear2024Micros + 9_999));
    }
}
