using CacheSync.Core.Policies;
using CacheSync.Core.Processing;
using CacheSync.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CacheSync.Core.Tests;

/// <summary>The breaker tells an outage (many events failing together) from one event's own trouble, and paces probes.</summary>
public sealed class DependencyCircuitBreakerTests
{
    private readonly SteppingTimeProvider _time = new();

    private DependencyCircuitBreaker Breaker(int threshold = 3, int distinct = 2) =>
        new(Options.Create(new CacheSyncOptions
        {
            CircuitBreaker = new CircuitBreakerOptions
            {
                FailureThreshold = threshold,
                MinimumDistinctEvents = distinct,
                BreakDuration = TimeSpan.FromSeconds(2),
                MaxBreakDuration = TimeSpan.FromSeconds(5),
            },
        }), _time, NullLogger<DependencyCircuitBreaker>.Instance);

    [Test]
    public void One_event_failing_again_and_again_is_not_an_outage()
    {
        var breaker = Breaker();

        var outage = Enumerable.Range(0, 10).Select(_ => breaker.RecordFailure("same")).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(outage, Has.All.False);
            Assert.That(breaker.IsOpen, Is.False);
        });
    }

    [Test]
    public void Failures_in_a_row_from_several_events_open_the_breaker()
    {
        var breaker = Breaker();

        Assert.Multiple(() =>
        {
            Assert.That(breaker.RecordFailure("a"), Is.False);
            Assert.That(breaker.RecordFailure("b"), Is.False);
            Assert.That(breaker.RecordFailure("c"), Is.True, "the third failure in a row, from three events");
            Assert.That(breaker.IsOpen, Is.True);
        });
    }

    [Test]
    public void A_success_between_failures_resets_the_count()
    {
        var breaker = Breaker();
        breaker.RecordFailure("a");
        breaker.RecordFailure("b");

        breaker.RecordSuccess();

        Assert.That(breaker.RecordFailure("c"), Is.False);
    }

    [Test]
    public async Task Waiting_lasts_the_pause_and_failed_probes_double_it_up_to_the_maximum()
    {
        var breaker = Breaker(threshold: 2);
        breaker.RecordFailure("a");
        breaker.RecordFailure("b");             // opens for 2 s

        await breaker.WaitUntilClosedAsync(CancellationToken.None);
        breaker.RecordFailure("a");             // the probe fails: 4 s
        await breaker.WaitUntilClosedAsync(CancellationToken.None);
        breaker.RecordFailure("b");             // again: 8 s, capped at 5 s
        await breaker.WaitUntilClosedAsync(CancellationToken.None);
        breaker.RecordSuccess();
        breaker.RecordFailure("a");
        breaker.RecordFailure("b");             // a new outage starts from 2 s again
        await breaker.WaitUntilClosedAsync(CancellationToken.None);

        Assert.That(_time.Waits, Is.EqualTo(new[] { 2, 4, 5, 2 }.Select(s => TimeSpan.FromSeconds(s))));
    }

    [Test]
    public async Task A_closed_breaker_does_not_wait()
    {
        await Breaker().WaitUntilClosedAsync(CancellationToken.None);

        Assert.That(_time.Waits, Is.Empty);
    }
}
