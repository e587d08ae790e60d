using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace CacheSync.Bench.Micro;

/// <summary>How the micro-benchmarks run: in this process, with allocations measured, artifacts under the results directory.</summary>
internal static class MicroBenchmarkConfig
{
    /// <param name="quick">
    /// The smoke mode (<c>--quick</c>): BenchmarkDotNet's Dry job, one warm-up and one measured invocation of each
    /// case, no pilot or overhead stages. It proves every benchmark still sets up, runs and cleans up, in well under a
    /// minute for the whole set; its numbers are a single cold call each and mean nothing as measurements.
    /// </param>
    public static IConfig Create(bool quick, string resultsDirectory)
    {
        // In-process (emitted IL) instead of BenchmarkDotNet's default, which generates, restores and builds a
        // separate project per run and starts it as a child process: on this shared two-core machine that build
        // costs more than the quick mode's whole budget, and it needs the SDK and a NuGet restore at run time. The
        // price is no process isolation between cases (one launch, the host's GC settings), which these
        // benchmarks, each with its own keys, files and state, do not need.
        // The full run uses BenchmarkDotNet's short job (3 warm-ups, 3 iterations, each many invocations): the
        // default job's 15-100 iterations took 37 minutes here, and the I/O cases vary more with the machine's load
        // than with more iterations. The table shows the error column, so the spread stays visible.
        var job = (quick ? Job.Dry : Job.ShortRun)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId(quick ? "Quick" : "InProcess");

        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub, CsvExporter.Default)
            .WithArtifactsPath(Path.Combine(resultsDirectory, "BenchmarkDotNet.Artifacts"));
    }
}
