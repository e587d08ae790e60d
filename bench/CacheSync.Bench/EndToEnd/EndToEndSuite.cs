using CacheSync.Bench.Report;
using StackExchange.Redis;

namespace CacheSync.Bench.EndToEnd;

/// <summary>
/// Every end-to-end scenario, in one process, against the same broker and Redis, so each figure has its baseline
/// from the same minutes of the same machine. The main shape runs several times, interleaved, and reports the median.
/// </summary>
internal sealed class EndToEndSuite(BenchOptions options, BenchBroker broker, IConnectionMultiplexer redis, TextWriter progress)
{
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private int _number;

    public async Task<IReadOnlyList<BenchResult>> RunAsync(CancellationToken ct)
    {
        var results = new List<BenchResult>();
        var main = Shape.Main;

        // The main shape: A, B, write-through, write-around, interleaved so drift in the machine hits all alike.
        var runs = new Dictionary<string, List<Measurement>>(StringComparer.Ordinal);
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            Add(runs, "A", await BaselineAsync(main, withRedisSet: false, ct).ConfigureAwait(false));
            Add(runs, "B", await BaselineAsync(main, withRedisSet: true, ct).ConfigureAwait(false));
            Add(runs, "M", await MassTransitAsync(main, ct).ConfigureAwait(false));
            Add(runs, "WT", await WorkerAsync(main, WorkerTopology.WriteThroughEntity, ct).ConfigureAwait(false));
            Add(runs, "WA", await WorkerAsync(main, WorkerTopology.WriteAroundEntity, ct).ConfigureAwait(false));
        }

        var baselineA = Median(runs["A"]);
        results.Add(Row("baseline A: bare consumer, ack only", "baseline A", main, runs["A"], baselineA));
        results.Add(Row("baseline B: A + one Redis SET", "baseline B", main, runs["B"], baselineA));
        results.Add(Row("baseline M: MassTransit endpoint, ack only", "baseline M", main, runs["M"], baselineA));
        results.Add(Row("CacheSync write-through (SQLite)", "write-through", main, runs["WT"], baselineA));
        results.Add(Row("CacheSync write-around (SQLite)", "write-around", main, runs["WA"], baselineA));

        // Latency at half of the measured maximum of the same mode and shape.
        results.Add(await LatencyAsync(main, WorkerTopology.WriteThroughEntity, Median(runs["WT"]) / 2, ct).ConfigureAwait(false));
        results.Add(await LatencyAsync(main, WorkerTopology.WriteAroundEntity, Median(runs["WA"]) / 2, ct).ConfigureAwait(false));

        // Two workers on the same queue and store.
        var twoWorkers = main with { Workers = 2 };
        results.Add(Row("CacheSync write-through, 2 workers", "write-through", twoWorkers,
            [await WorkerAsync(twoWorkers, WorkerTopology.WriteThroughEntity, ct).ConfigureAwait(false)], baselineA));
        if (options.Smoke) return results;

        // Cold keys: every event a different record, so no row or entry is warm.
        var cold = main with { KeySpace = Shape.ColdKeys };
        results.Add(Row("CacheSync write-through, 1M keys", "write-through", cold,
            [await WorkerAsync(cold, WorkerTopology.WriteThroughEntity, ct).ConfigureAwait(false)], baselineA));

        // Bigger bodies, each against its own baseline A of the same size.
        foreach (var payload in new[] { 4 * 1024, 64 * 1024 })
        {
            var shape = main with { PayloadBytes = payload };
            var a = await BaselineAsync(shape, withRedisSet: false, ct).ConfigureAwait(false);
            var b = await BaselineAsync(shape, withRedisSet: true, ct).ConfigureAwait(false);
            var wt = await WorkerAsync(shape, WorkerTopology.WriteThroughEntity, ct).ConfigureAwait(false);
            results.Add(Row("baseline A", "baseline A", shape, [a], a.EventsPerSecond));
            results.Add(Row("baseline B", "baseline B", shape, [b], a.EventsPerSecond));
            results.Add(Row("CacheSync write-through", "write-through", shape, [wt], a.EventsPerSecond));
            if (payload == 4 * 1024) results.Add(await LatencyAsync(shape, WorkerTopology.WriteThroughEntity, wt.EventsPerSecond / 2, ct).ConfigureAwait(false));
        }

        return results;
    }

    private static void Add(Dictionary<string, List<Measurement>> runs, string name, Measurement measurement)
    {
        if (!runs.TryGetValue(name, out var list)) runs[name] = list = [];
        list.Add(measurement);
    }

    private static double Median(List<Measurement> runs)
    {
        var sorted = runs.Select(r => r.EventsPerSecond).Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private WorkerTopology Next() => new(_runId, ++_number, options.ResultsDirectory);

    private async Task<Measurement> BaselineAsync(Shape shape, bool withRedisSet, CancellationToken ct)
    {
        progress.WriteLine($"[bench] baseline {(withRedisSet ? "B" : "A")}: {shape.Describe()}");
        var result = await new BaselineRun(options, broker, redis).RunAsync(Next(), shape, withRedisSet, ct).ConfigureAwait(false);
        progress.WriteLine($"[bench]   {result.EventsPerSecond:F0} events/s, {result.CpuMicrosecondsPerEvent:F0} µs CPU/event (bench process); {result.Check}");
        return result;
    }

    private async Task<Measurement> MassTransitAsync(Shape shape, CancellationToken ct)
    {
        progress.WriteLine($"[bench] baseline M (MassTransit, ack only): {shape.Describe()}");
        var result = await new MassTransitAckOnlyRun(options, broker).RunAsync(Next(), shape, ct).ConfigureAwait(false);
        progress.WriteLine($"[bench]   {result.EventsPerSecond:F0} events/s, {result.CpuMicrosecondsPerEvent:F0} µs CPU/event (bench process); {result.Check}");
        return result;
    }

    private async Task<Measurement> WorkerAsync(Shape shape, string entity, CancellationToken ct)
    {
        progress.WriteLine($"[bench] CacheSync {Mode(entity)}: {shape.Describe()}");
        var result = await new WorkerThroughputRun(options, broker, redis).RunAsync(Next(), shape, entity, ct).ConfigureAwait(false);
        progress.WriteLine($"[bench]   {result.EventsPerSecond:F0} events/s, peak {result.PeakWorkingSetMegabytes:F0} MB, {result.AllocatedBytesPerEvent:F0} B/event, {result.CpuMicrosecondsPerEvent:F0} µs CPU/event; {result.Check}");
        return result;
    }

    private async Task<BenchResult> LatencyAsync(Shape shape, string entity, double eventsPerSecond, CancellationToken ct)
    {
        progress.WriteLine($"[bench] latency, CacheSync {Mode(entity)} at {eventsPerSecond:F0} events/s: {shape.Describe()}");
        var m = await new LatencyRun(options, broker, redis).RunAsync(Next(), shape, entity, eventsPerSecond, ct).ConfigureAwait(false);
        progress.WriteLine($"[bench]   p50 {m.P50:F2} ms, p95 {m.P95:F2} ms, p99 {m.P99:F2} ms, max {m.Max:F2} ms; {m.Check}");
        return new BenchResult
        {
            Scenario = $"latency, {Mode(entity)} at half its maximum",
            Mode = Mode(entity),
            PayloadBytes = shape.PayloadBytes,
            KeySpace = m.Events,
            Workers = shape.Workers,
            Events = m.Events,
            OfferedPerSecond = Math.Round(m.OfferedPerSecond),
            P50Milliseconds = Math.Round(m.P50, 2),
            P95Milliseconds = Math.Round(m.P95, 2),
            P99Milliseconds = Math.Round(m.P99, 2),
            MaxMilliseconds = Math.Round(m.Max, 2),
            Check = m.Check,
        };
    }

    private static string Mode(string entity) => entity == WorkerTopology.WriteThroughEntity ? "write-through" : "write-around";

    private static BenchResult Row(string scenario, string mode, Shape shape, List<Measurement> runs, double baselineA)
    {
        var median = Median(runs);
        var chosen = runs.First(r => r.EventsPerSecond == median);
        return new BenchResult
        {
            Scenario = scenario,
            Mode = mode,
            PayloadBytes = shape.PayloadBytes,
            KeySpace = shape.KeySpace,
            Workers = shape.Workers,
            Events = chosen.Events,
            EventsPerSecond = Math.Round(median),
            EventsPerSecondRuns = runs.Count > 1 ? runs.Select(r => Math.Round(r.EventsPerSecond)).ToArray() : null,
            RatioToBaselineA = Math.Round(median / baselineA, 3),
            PeakWorkingSetMegabytes = runs.Max(r => r.PeakWorkingSetMegabytes) is { } peak ? Math.Round(peak, 1) : null,
            AllocatedBytesPerEvent = chosen.AllocatedBytesPerEvent is { } a ? Math.Round(a) : null,
            CpuMicrosecondsPerEvent = chosen.CpuMicrosecondsPerEvent is { } c ? Math.Round(c) : null,
            Check = string.Join(" | ", runs.Select(r => r.Check).Distinct()),
        };
    }
}
