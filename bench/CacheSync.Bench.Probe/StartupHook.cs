using CacheSync.Bench.Probe;

/// <summary>
/// The runtime calls <see cref="Initialize"/> before the worker's Main when this assembly is named in
/// DOTNET_STARTUP_HOOKS. Without CACHESYNC_BENCH_PROBE_PORT it does nothing, so a stray hook cannot change a worker.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var port = Environment.GetEnvironmentVariable(WorkerProbe.PortVariable);
        if (string.IsNullOrEmpty(port)) return;
        WorkerProbe.Start(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
    }
}
