namespace CacheSync.Core.Processing;

/// <summary>In-process retries of transient failures (<c>CacheSync:Retry</c>), with exponential backoff and jitter.</summary>
public sealed class RetryOptions
{
    /// <summary>Attempts in all, the first included, before a message goes to the DLQ as <c>retries-exhausted</c>.</summary>
    public int MaxAttempts { get; set; } = 10;

    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Each delay is spread by up to this fraction either way, so replicas do not retry in lockstep.</summary>
    public double JitterFraction { get; set; } = 0.2;

    internal IEnumerable<string> Validate()
    {
        if (MaxAttempts < 1) yield return "MaxAttempts: must be at least 1.";
        if (InitialDelay < TimeSpan.Zero) yield return "InitialDelay: must not be negative.";
        if (MaxDelay < InitialDelay) yield return "MaxDelay: must not be smaller than InitialDelay.";
        if (JitterFraction is < 0 or > 1) yield return "JitterFraction: must be between 0 and 1.";
    }

    /// <summary>The pause before attempt <paramref name="nextAttempt"/> (2 or more).</summary>
    public TimeSpan DelayBefore(int nextAttempt, double random01)
    {
        var exponent = Math.Min(nextAttempt - 2, 30);
        var baseMs = Math.Min(InitialDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxDelay.TotalMilliseconds);
        var jittered = baseMs * (1 + (JitterFraction * ((2 * random01) - 1)));
        return TimeSpan.FromMilliseconds(Math.Clamp(jittered, 0, MaxDelay.TotalMilliseconds));
    }
}
