namespace CacheSync.Bench.Report;

/// <summary>One row of the results table. Figures a run does not measure stay null and print as "–".</summary>
public sealed record BenchResult
{
    public required string Scenario { get; init; }

    public required string Mode { get; init; }

    public required int PayloadBytes { get; init; }

    public required int KeySpace { get; init; }

    public required int Workers { get; init; }

    public required int Events { get; init; }

    public double? EventsPerSecond { get; init; }

    /// <summary>Every run of a repeated scenario, so the spread is visible next to the median.</summary>
    public IReadOnlyList<double>? EventsPerSecondRuns { get; init; }

    public double? RatioToBaselineA { get; init; }

    public double? OfferedPerSecond { get; init; }

    public double? P50Milliseconds { get; init; }

    public double? P95Milliseconds { get; init; }

    public double? P99Milliseconds { get; init; }

    public double? MaxMilliseconds { get; init; }

    public double? PeakWorkingSetMegabytes { get; init; }

    public double? AllocatedBytesPerEvent { get; init; }

    public double? CpuMicrosecondsPerEvent { get; init; }

    /// <summary>What the run checked after it ended (final state per key, empty queues), or why it failed.</summary>
    public required string Check { get; init; }
}
