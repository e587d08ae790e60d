namespace CacheSync.Core.Processing;

/// <summary>
/// When to stop taking new work because a dependency (Redis, the store) is down (<c>CacheSync:CircuitBreaker</c>).
/// </summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Transient failures in a row, across all deliveries, that open the breaker.</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>
    /// Different events those failures must come from. One event failing on its own is that event's problem, and
    /// it goes to the DLQ when its retries run out; several failing together is an outage.
    /// </summary>
    public int MinimumDistinctEvents { get; set; } = 2;

    /// <summary>The first pause; each failed probe after it doubles the pause, up to <see cref="MaxBreakDuration"/>.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    internal IEnumerable<string> Validate()
    {
        if (FailureThreshold < 1) yield return "FailureThreshold: must be at least 1.";
        if (MinimumDistinctEvents < 1 || MinimumDistinctEvents > FailureThreshold)
        {
            yield return "MinimumDistinctEvents: must be between 1 and FailureThreshold.";
        }

        if (BreakDuration <= TimeSpan.Zero) yield return "BreakDuration: must be positive.";
        if (MaxBreakDuration < BreakDuration) yield return "MaxBreakDuration: must not be smaller than BreakDuration.";
    }
}
