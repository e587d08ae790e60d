using System.Runtime.InteropServices;

namespace CacheSync.Bench.Report;

/// <summary>Where the numbers were taken: they mean little without it.</summary>
public sealed record MachineInfo
{
    public required int Cores { get; init; }

    public required string Cpu { get; init; }

    public required double MemoryGigabytes { get; init; }

    public required string Os { get; init; }

    public required string Runtime { get; init; }

    public required IReadOnlyDictionary<string, string> Versions { get; init; }

    public static MachineInfo Describe(IReadOnlyDictionary<string, string> versions) => new()
    {
        Cores = Environment.ProcessorCount,
        Cpu = ProcValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        MemoryGigabytes = Math.Round(MemTotalKilobytes() / 1024.0 / 1024.0, 1),
        Os = RuntimeInformation.OSDescription,
        Runtime = RuntimeInformation.FrameworkDescription,
        Versions = versions,
    };

    private static string? ProcValue(string file, string name) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(name, StringComparison.Ordinal)).Select(l => l.Split(':', 2)[1].Trim()).FirstOrDefault()
            : null;

    private static long MemTotalKilobytes() =>
        ProcValue("/proc/meminfo", "MemTotal") is { } text ? long.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
}
