namespace CacheSync.Bench.EndToEnd;

/// <summary>What one run measures and how big it is. <see cref="Smoke"/> keeps every path but only a few hundred events.</summary>
internal sealed record BenchOptions
{
    public required bool Smoke { get; init; }

    public required string ResultsDirectory { get; init; }

    public string RabbitMqUri { get; init; } = Environment.GetEnvironmentVariable("CACHESYNC_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/";

    public string Redis { get; init; } = Environment.GetEnvironmentVariable("CACHESYNC_REDIS") ?? "127.0.0.1:6379";

    /// <summary>
    /// The worker to run: by default the one built beside the bench; <c>--worker</c> points at a published one
    /// (bench/run.sh publishes it as the Dockerfile does, ReadyToRun), which is what production runs.
    /// </summary>
    public string WorkerPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "CacheSync.Worker.dll");

    /// <summary>The worker's shipped defaults, used for the baselines too, so all consumers get the same prefetch and parallelism.</summary>
    public int PrefetchCount { get; init; } = 64;

    public int ConcurrencyLimit { get; init; } = 16;

    /// <summary>Runs of the main shape (256 B, hot keys, one worker); the table shows the median and the spread.</summary>
    public int Repeats => Smoke ? 1 : 3;

    /// <summary>Events per throughput run, by payload: big bodies get fewer so each run stays within seconds.</summary>
    public int EventsFor(int payloadBytes) => EventsOverride ?? (Smoke ? 300 : payloadBytes switch
    {
        <= 1024 => 20_000,
        <= 8192 => 10_000,
        _ => 2_000,
    });

    /// <summary><c>--events N</c>: the same count for every throughput run (profiling, quick looks).</summary>
    public int? EventsOverride { get; init; }

    /// <summary>
    /// Events each throughput run drains before the clock starts: a fresh worker spends its first seconds in the JIT
    /// (a profile showed a fifth of its CPU there), which says nothing about a worker that has been up for a day.
    /// Baselines get the same, so both sides are timed warm.
    /// </summary>
    public int WarmUpEvents => WarmUpOverride ?? (Smoke ? 100 : 5_000);

    /// <summary><c>--warmup N</c>.</summary>
    public int? WarmUpOverride { get; init; }

    /// <summary>How long the steady-load latency run publishes for.</summary>
    public TimeSpan LatencyDuration => Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10);

    /// <summary>The bound on any single run; past it the run is reported as timed out.</summary>
    public TimeSpan RunTimeout => Smoke ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(180);
}
