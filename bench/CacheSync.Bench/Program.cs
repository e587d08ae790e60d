using System.Globalization;
using CacheSync.Bench.Micro;

// Placeholder entry point, to be replaced by the end-to-end half: `micro [--quick] [BenchmarkDotNet args...]`.
if (args is not ["micro", .. var rest])
{
    Console.Error.WriteLine("usage: CacheSync.Bench micro [--quick] [BenchmarkDotNet arguments]");
    return 2;
}

var results = MicroBenchmarks.Run(rest, Path.Combine(RepositoryRoot(), "bench", "results"));
foreach (var result in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{result.Name,-70} {result.MeanNanoseconds,14:N1} ns {result.AllocatedBytesPerOperation,12:N0} B/op"));
}

return results.Count > 0 && results.All(r => !double.IsNaN(r.MeanNanoseconds)) ? 0 : 1;

// The directory holding CacheSync.sln, so results land in bench/results wherever the program is started from.
static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "CacheSync.sln"))) return directory.FullName;
    }

    return Directory.GetCurrentDirectory();
}
