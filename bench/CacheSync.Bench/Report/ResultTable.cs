using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CacheSync.Bench.Report;

/// <summary>The run's figures as a Markdown table (for the console and the README) and as JSON, side by side in bench/results/.</summary>
public sealed record ResultTable(DateTimeOffset StartedAt, bool Smoke, MachineInfo Machine, IReadOnlyList<BenchResult> EndToEnd, IReadOnlyList<MicroRow> Micro)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var m = Machine;
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {StartedAt:yyyy-MM-dd HH:mm} UTC{(Smoke ? " (smoke: few events, figures not meaningful)" : "")}; {m.Cores} cores ({m.Cpu}), {m.MemoryGigabytes} GB, {m.Os}, {m.Runtime}");
        text.AppendLine(string.Join(", ", m.Versions.Select(v => $"{v.Key} {v.Value}")));
        text.AppendLine();
        text.AppendLine("| Scenario | Shape | Events | Events/s | × baseline A | p50 ms | p95 ms | p99 ms | max ms | Peak WS MB | Alloc B/event | CPU µs/event | Check |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in EndToEnd)
        {
            var shape = r.OfferedPerSecond is null
                ? $"{Size(r.PayloadBytes)}, {(r.KeySpace >= 1_000_000 ? "1M" : r.KeySpace.ToString(CultureInfo.InvariantCulture))} keys, {r.Workers} worker{(r.Workers > 1 ? "s" : "")}"
                : $"{Size(r.PayloadBytes)}, a key per event, offered {r.OfferedPerSecond:F0}/s";
            var rate = r.EventsPerSecond is null ? "–"
                : r.EventsPerSecondRuns is { } runs ? $"{r.EventsPerSecond:F0} ({string.Join("/", runs.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))})"
                : $"{r.EventsPerSecond:F0}";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {shape} | {r.Events} | {rate} | {F(r.RatioToBaselineA, "F2")} | {F(r.P50Milliseconds)} | {F(r.P95Milliseconds)} | {F(r.P99Milliseconds)} | {F(r.MaxMilliseconds)} | {F(r.PeakWorkingSetMegabytes, "F0")} | {F(r.AllocatedBytesPerEvent, "F0")} | {F(r.CpuMicrosecondsPerEvent, "F0")} | {r.Check} |");
        }

        if (Micro.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| Micro-benchmark | Mean | Allocated/op |");
            text.AppendLine("|---|---:|---:|");
            foreach (var r in Micro)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {Duration(r.MeanNanoseconds)} | {r.AllocatedBytesPerOperation:F0} B |");
            }
        }

        return text.ToString();
    }

    public async Task<(string Markdown, string Json)> WriteAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"{(Smoke ? "smoke" : "bench")}-{StartedAt:yyyyMMdd-HHmmss}");
        await File.WriteAllTextAsync(stem + ".md", ToMarkdown()).ConfigureAwait(false);
        await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(this, Json)).ConfigureAwait(false);
        return (stem + ".md", stem + ".json");
    }

    private static string F(double? value, string format = "F2") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Size(int bytes) => bytes >= 1024 ? $"{bytes / 1024} KB" : $"{bytes} B";

    private static string Duration(double nanoseconds) => nanoseconds switch
    {
        >= 1_000_000 => $"{nanoseconds / 1_000_000:F2} ms",
        >= 1_000 => $"{nanoseconds / 1_000:F2} µs",
        _ => $"{nanoseconds:F0} ns",
    };
}

/// <summary>A micro-benchmark's figures as they go into the table.</summary>
public sealed record MicroRow(string Name, double MeanNanoseconds, double AllocatedBytesPerOperation);
