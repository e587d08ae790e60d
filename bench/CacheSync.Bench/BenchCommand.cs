using CacheSync.Bench.EndToEnd;
using CacheSync.Bench.Report;
using StackExchange.Redis;

namespace CacheSync.Bench;

/// <summary>
/// The one command: end-to-end scenarios against the local RabbitMQ and Redis, then the micro-benchmarks, then
/// one table (console, Markdown and JSON under bench/results/). Exit code 0 only when every run's check passed.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        // The command comes first, if at all; option values (a --worker path) are not commands.
        var what = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "all";
        if (what is not ("all" or "e2e" or "micro"))
        {
            await Console.Error.WriteLineAsync($"cachesync-bench: unknown command '{what}'; use all, e2e or micro [--smoke] [--results DIR]").ConfigureAwait(false);
            return 2;
        }

        var smoke = args.Contains("--smoke");
        var resultsIndex = Array.IndexOf(args, "--results");
        var results = resultsIndex >= 0 && resultsIndex + 1 < args.Length ? args[resultsIndex + 1] : DefaultResultsDirectory();
        var options = new BenchOptions
        {
            Smoke = smoke,
            ResultsDirectory = Path.GetFullPath(results),
            EventsOverride = PositiveNumber(args, "--events"),
            WarmUpOverride = PositiveNumber(args, "--warmup"),
        };
        var workerIndex = Array.IndexOf(args, "--worker");
        options = options with
        {
            WorkerPath = workerIndex >= 0 && workerIndex + 1 < args.Length ? Path.GetFullPath(args[workerIndex + 1]) : options.WorkerPath,
            PrefetchCount = PositiveNumber(args, "--prefetch") ?? options.PrefetchCount,
            ConcurrencyLimit = PositiveNumber(args, "--concurrency") ?? options.ConcurrencyLimit,
        };
        var startedAt = DateTimeOffset.UtcNow;

        // Every run is bounded: past this the whole bench gives up rather than run on.
        using var cancel = new CancellationTokenSource(smoke ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(45));
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

        IReadOnlyList<BenchResult> endToEnd = [];
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (what is "all" or "e2e")
        {
            await using var broker = await BenchBroker.ConnectAsync(options.RabbitMqUri, cancel.Token).ConfigureAwait(false);
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options.Redis + ",allowAdmin=true").ConfigureAwait(false);
            versions["RabbitMQ"] = broker.ServerVersion;
            versions["Redis"] = redis.GetServers().First().Version.ToString();
            endToEnd = await new EndToEndSuite(options, broker, redis, Console.Out).RunAsync(cancel.Token).ConfigureAwait(false);
        }

        IReadOnlyList<MicroRow> micro = [];
        if (what is "all" or "micro")
        {
            micro = MicroRows(args, options);
        }

        foreach (var (name, type) in new[] { ("RabbitMQ.Client", typeof(RabbitMQ.Client.IConnection)), ("StackExchange.Redis", typeof(IDatabase)), ("MassTransit", typeof(MassTransit.IBus)) })
        {
            // The package's version (7.2.2), not the assembly's (7.0.0.0), which libraries keep fixed across releases.
            var informational = type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
            versions[name] = informational?.Split('+')[0] ?? type.Assembly.GetName().Version?.ToString(3) ?? "?";
        }

        var table = new ResultTable(startedAt, smoke, MachineInfo.Describe(versions), endToEnd, micro);
        Console.WriteLine();
        Console.WriteLine(table.ToMarkdown());
        var (markdown, json) = await table.WriteAsync(options.ResultsDirectory).ConfigureAwait(false);
        Console.WriteLine($"[bench] written {markdown} and {json}");

        var failed = endToEnd.Where(r => r.Check.Contains("FAILED", StringComparison.Ordinal)).Select(r => $"{r.Scenario}: {r.Check}")
            .Concat(micro.Where(r => double.IsNaN(r.MeanNanoseconds)).Select(r => $"{r.Name}: the micro-benchmark failed"))
            .ToList();
        foreach (var line in failed) await Console.Error.WriteLineAsync($"cachesync-bench: {line}").ConfigureAwait(false);
        return failed.Count == 0 ? 0 : 1;
    }

    private static int? PositiveNumber(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var n) && n > 0 ? n : null;
    }

    /// <summary>
    /// The BenchmarkDotNet half. <c>--smoke</c> becomes its <c>--quick</c> (one call per case: proves each case runs,
    /// measures nothing); arguments after <c>--</c> go to BenchmarkDotNet (e.g. <c>-- --filter *Decod*</c>).
    /// </summary>
    private static List<MicroRow> MicroRows(string[] args, BenchOptions options)
    {
        var separator = Array.IndexOf(args, "--");
        var benchmarkArgs = separator >= 0 ? args[(separator + 1)..].ToList() : [];
        if (options.Smoke) benchmarkArgs.Add("--quick");
        return Micro.MicroBenchmarks.Run([.. benchmarkArgs], options.ResultsDirectory)
            .Select(r => new MicroRow(r.Name, r.MeanNanoseconds, r.AllocatedBytesPerOperation))
            .ToList();
    }

    /// <summary>bench/results/ of the repository when run from inside it, else results/ beside the binary.</summary>
    private static string DefaultResultsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CacheSync.sln"))) return Path.Combine(dir.FullName, "bench", "results");
        }

        return Path.Combine(AppContext.BaseDirectory, "results");
    }
}
