namespace CacheSync.Reliability.Faults;

/// <summary>What every fault scenario changes in a harness's settings, and why.</summary>
public static class FaultSettings
{
    /// <summary>
    /// Tombstones must outlive the scenario, or the accounting would find a deleted record's entry gone and could not
    /// tell an expired tombstone from a delete that never reached Redis. Retries and breaker pauses are short so an
    /// outage of a few seconds is a few seconds of test.
    /// </summary>
    public static void Apply(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["CacheSync:Redis:TombstoneTtl"] = "01:00:00";
        settings["CacheSync:Retry:MaxAttempts"] = "5";
        settings["CacheSync:Retry:InitialDelay"] = "00:00:00.050";
        settings["CacheSync:Retry:MaxDelay"] = "00:00:00.500";
        settings["CacheSync:CircuitBreaker:BreakDuration"] = "00:00:00.250";
        settings["CacheSync:CircuitBreaker:MaxBreakDuration"] = "00:00:01";
    }
}
