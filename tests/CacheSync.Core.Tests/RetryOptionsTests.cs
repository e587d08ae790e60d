using CacheSync.Core.Processing;

namespace CacheSync.Core.Tests;

/// <summary>Backoff doubles from the initial delay, stops at the maximum, and jitter spreads it by at most the set fraction.</summary>
public sealed class RetryOptionsTests
{
    private const double NoJitter = 0.5;

    private static RetryOptions Options(double jitter = 0.2) => new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(10),
        JitterFraction = jitter,
    };

    [TestCase(2, 100)]
    [TestCase(3, 200)]
    [TestCase(4, 400)]
    [TestCase(5, 800)]
    [TestCase(8, 6400)]
    public void Delay_doubles_from_the_initial_delay(int nextAttempt, double expectedMs)
    {
        Assert.That(Options().DelayBefore(nextAttempt, NoJitter).TotalMilliseconds, Is.EqualTo(expectedMs).Within(0.001));
    }

    [TestCase(9)]
    [TestCase(20)]
    [TestCase(32)]
    [TestCase(100)]
    [TestCase(int.MaxValue)]
    public void Delay_is_capped_at_the_maximum(int nextAttempt)
    {
        Assert.That(Options().DelayBefore(nextAttempt, NoJitter), Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Jitter_never_pushes_a_capped_delay_past_the_maximum()
    {
        Assert.That(Options().DelayBefore(50, 1.0), Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [TestCase(0.0, 80)]
    [TestCase(1.0, 120)]
    [TestCase(0.25, 90)]
    [TestCase(0.75, 110)]
    public void Jitter_spreads_the_delay_by_the_fraction_either_way(double random01, double expectedMs)
    {
        Assert.That(Options().DelayBefore(2, random01).TotalMilliseconds, Is.EqualTo(expectedMs).Within(0.001));
    }

    [Test]
    public void Jitter_stays_within_the_fraction_for_every_attempt()
    {
        var options = Options(jitter: 0.3);
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var attempt = random.Next(2, 12);
            var baseMs = Math.Min(100 * Math.Pow(2, attempt - 2), 10_000);

            var delayMs = options.DelayBefore(attempt, random.NextDouble()).TotalMilliseconds;

            Assert.That(delayMs, Is.InRange(baseMs * 0.7 - 0.001, Math.Min(baseMs * 1.3, 10_000) + 0.001), $"attempt {attempt}");
        }
    }

    [TestCase(0.0)]
    [TestCase(0.3)]
    [TestCase(1.0)]
    public void No_jitter_fraction_gives_the_exact_delay(double random01)
    {
        Assert.That(Options(jitter: 0).DelayBefore(3, random01).TotalMilliseconds, Is.EqualTo(200).Within(0.001));
    }

    [Test]
    public void Zero_initial_delay_retries_at_once()
    {
        var options = new RetryOptions { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.FromSeconds(1) };

        Assert.That(options.DelayBefore(5, 1.0), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Defaults_are_valid()
    {
        var options = new RetryOptions();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.Validate(), Is.Empty);
            Assert.That(options.MaxAttempts, Is.EqualTo(10));
            Assert.That(options.InitialDelay, Is.EqualTo(TimeSpan.FromMilliseconds(200)));
            Assert.That(options.MaxDelay, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(options.JitterFraction, Is.EqualTo(0.2));
        }
    }

    [Test]
    public void Validate_reports_every_problem()
    {
        var options = new RetryOptions
        {
            MaxAttempts = 0,
            InitialDelay = TimeSpan.FromSeconds(-1),
            MaxDelay = TimeSpan.FromSeconds(-2),
            JitterFraction = 2,
        };

        Assert.That(options.Validate(), Is.EqualTo(new[]
        {
            "MaxAttempts: must be at least 1.",
            "InitialDelay: must not be negative.",
            "MaxDelay: must not be smaller than InitialDelay.",
            "JitterFraction: must be between 0 and 1.",
        }));
    }

    [Test]
    public void Single_attempt_and_equal_delays_are_valid()
    {
        var options = new RetryOptions { MaxAttempts = 1, InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1), JitterFraction = 1 };

        Assert.That(options.Validate(), Is.Empty);
    }
}
