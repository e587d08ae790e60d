namespace CacheSync.Bench.EndToEnd;

/// <summary>What a throughput run measured, before it becomes a table row.</summary>
internal sealed record Measurement(int Events, double EventsPerSecond, double? PeakWorkingSetMegabytes, double? AllocatedBytesPerEvent, string Check)
{
    /// <summary>Worker CPU time (user + system, all threads) per event: unlike events/s, it hardly moves with the load of the machine.</summary>
    public double? CpuMicrosecondsPerEvent { get; init; }
}

/// <summary>What a latency run measured: publish→cache-visible, per event, at a steady offered load.</summary>
internal sealed record LatencyMeasurement(int Events, double OfferedPerSecond, double P50, double P95, double P99, double Max, string Check)
{
    public static LatencyMeasurement From(double offered, IReadOnlyList<double> milliseconds, int published, string check)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new LatencyMeasurement(published, offered, At(0.50), At(0.95), At(0.99), sorted.Length == 0 ? double.NaN : sorted[^1], check);
    }
}
