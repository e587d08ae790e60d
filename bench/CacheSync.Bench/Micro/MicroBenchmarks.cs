using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CacheSync.Bench.Micro;

/// <summary>
/// The micro half of the benchmarks: per-event costs of the worker's pieces (decoding, rules, one Redis script, one
/// SQLite upsert, one CQL frame), each with BenchmarkDotNet and its allocations.
/// </summary>
public static class MicroBenchmarks
{
    /// <summary>Our own flag for the CI smoke run; see <see cref="MicroBenchmarkConfig.Create"/>.</summary>
    public const string QuickFlag = "--quick";

    private static readonly Type[] BenchmarkTypes =
    [
        typeof(ContractDecodingBenchmarks),
        typeof(RuleDecisionBenchmarks),
        typeof(RedisWriteThroughBenchmarks),
        typeof(RedisInvalidationBenchmarks),
        typeof(SqliteUpsertBenchmarks),
        typeof(CqlFrameEncodingBenchmarks),
    ];

    /// <summary>Runs the micro-benchmarks and returns one row per case.</summary>
    /// <param name="args">
    /// <see cref="QuickFlag"/> for the smoke run, and any BenchmarkDotNet arguments (e.g. <c>--filter *Redis*</c>);
    /// without a <c>--filter</c> every benchmark runs (BenchmarkDotNet would otherwise ask which, on the console).
    /// </param>
    /// <param name="resultsDirectory">Where <c>BenchmarkDotNet.Artifacts</c> (reports, logs) is written.</param>
    public static IReadOnlyList<MicroResult> Run(string[] args, string resultsDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        var quick = args.Contains(QuickFlag, StringComparer.Ordinal);
        var benchmarkArgs = args.Where(a => a != QuickFlag).ToList();
        if (!benchmarkArgs.Exists(a => a is "--filter" or "-f"))
        {
            benchmarkArgs.AddRange(["--filter", "*"]);
        }

        var summaries = BenchmarkSwitcher.FromTypes(BenchmarkTypes)
            .Run([.. benchmarkArgs], MicroBenchmarkConfig.Create(quick, resultsDirectory));
        return summaries.SelectMany(summary => summary.Reports.Select(ToResult)).ToList();
    }

    private static MicroResult ToResult(BenchmarkReport report)
    {
        var benchmark = report.BenchmarkCase;
        var name = $"{benchmark.Descriptor.Type.Name.Replace("Benchmarks", string.Empty, StringComparison.Ordinal)}.{benchmark.Descriptor.WorkloadMethod.Name}";
        if (benchmark.HasParameters) name += $"({benchmark.Parameters.DisplayInfo})";
        var allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmark);
        return new MicroResult(
            name,
            report.ResultStatistics?.Mean ?? double.NaN,
            allocated is { } bytes ? bytes : double.NaN);
    }
}
