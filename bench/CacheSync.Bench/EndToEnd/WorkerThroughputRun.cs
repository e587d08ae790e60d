using System.Diagnostics;
using CacheSync.Stores.Sqlite;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CacheSync.Bench.EndToEnd;

/// <summary>
/// The real worker draining a pre-filled queue: started once to declare its topology, stopped, the queue filled,
/// then started again (one or more processes) and timed by its own decision counter, from the end of a warm-up to
/// the last decision. Afterwards every key is checked in the store and in Redis against the highest version published.
/// </summary>
internal sealed class WorkerThroughputRun(BenchOptions options, BenchBroker broker, IConnectionMultiplexer redis)
{
    public async Task<Measurement> RunAsync(WorkerTopology topology, Shape shape, string entity, CancellationToken ct)
    {
        var events = options.EventsFor(shape.PayloadBytes);
        var total = options.WarmUpEvents + events;
        var bodies = new EventBodies(entity, shape, seed: topology.Number);
        Directory.CreateDirectory(topology.StoreDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(topology.LogPath)!);
        var settings = topology.Settings(options);
        try
        {
            await using (var declaring = WorkerProcess.Start(options.WorkerPath, settings, topology.LogPath))
            {
                await declaring.WaitReadyAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            }

            await broker.FillAsync(topology.Exchange, $"{entity}.upsert", topology.Queue, total, bodies.Next, ct).ConfigureAwait(false);

            var workers = Enumerable.Range(0, shape.Workers).Select(_ => WorkerProcess.Start(options.WorkerPath, settings, topology.LogPath)).ToList();
            try
            {
                foreach (var worker in workers) await worker.WaitReadyAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);

                // The clock starts once the warm-up events are decided; it stops at the last decision.
                var (atWarm, warmAt) = await WaitForDecisionsAsync(workers, options.WarmUpEvents, TimeSpan.FromMilliseconds(10), ct).ConfigureAwait(false);
                var (atEnd, _) = await WaitForDecisionsAsync(workers, total, TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);

                var decided = atEnd.Sum(s => s.Decided);
                var timed = decided - atWarm.Sum(s => s.Decided);
                var seconds = Stopwatch.GetElapsedTime(warmAt, atEnd.Max(s => s.LastDecision)).TotalSeconds;
                var allocated = atEnd.Sum(s => s.AllocatedBytes) - atWarm.Sum(s => s.AllocatedBytes);
                var cpu = atEnd.Sum(s => s.CpuMicroseconds) - atWarm.Sum(s => s.CpuMicroseconds);
                var peak = atEnd.Max(s => s.PeakWorkingSetBytes) / 1024.0 / 1024.0;

                foreach (var worker in workers) await worker.StopAsync().ConfigureAwait(false);
                var check = await CheckAsync(topology, entity, bodies, shape, total, decided, ct).ConfigureAwait(false);
                return new Measurement(events, timed / seconds, peak, (double)allocated / timed, check)
                {
                    CpuMicrosecondsPerEvent = (double)cpu / timed,
                };
            }
            finally
            {
                foreach (var worker in workers) await worker.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await broker.DeleteAsync(topology.Exchange, topology.Queue, topology.DeadLetterQueue).ConfigureAwait(false);
            await RedisCleanup.DeleteByPrefixAsync(redis, topology.RedisPrefix).ConfigureAwait(false);
            Directory.Delete(topology.StoreDirectory, recursive: true);
        }
    }

    private static async Task<ProbeSample[]> SampleAllAsync(IEnumerable<WorkerProcess> workers, CancellationToken ct) =>
        await Task.WhenAll(workers.Select(w => w.SampleAsync(ct))).ConfigureAwait(false);

    /// <summary>Polls the workers' probes until they have decided <paramref name="count"/> events between them; returns the samples and when.</summary>
    private async Task<(ProbeSample[] Samples, long At)> WaitForDecisionsAsync(IReadOnlyList<WorkerProcess> workers, int count, TimeSpan every, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var samples = await SampleAllAsync(workers, ct).ConfigureAwait(false);
            if (samples.Sum(s => s.Decided) >= count) return (samples, Stopwatch.GetTimestamp());
            if (deadline.Elapsed > options.RunTimeout)
            {
                throw new TimeoutException($"the worker decided {samples.Sum(s => s.Decided)} of {count} events within {options.RunTimeout}");
            }

            await Task.Delay(every, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Every key (or 200 of a cold run's keys) holds its highest published version in the store and in Redis
    /// (live for write-through, a tombstone for write-around), and both queues are empty.
    /// </summary>
    private async Task<string> CheckAsync(WorkerTopology topology, string entity, EventBodies bodies, Shape shape, int events, long decided, CancellationToken ct)
    {
        var problems = new List<string>();
        if (decided != events) problems.Add($"{decided} decisions for {events} events");
        var ready = await broker.ReadyAsync(topology.Queue, ct).ConfigureAwait(false);
        var dead = await broker.ReadyAsync(topology.DeadLetterQueue, ct).ConfigureAwait(false);
        if (ready != 0) problems.Add($"{ready} left in the queue");
        if (dead != 0) problems.Add($"{dead} dead-lettered");

        using var store = new SqliteRecordStore(Options.Create(new SqliteStoreOptions { Path = topology.StorePath }));
        var db = redis.GetDatabase();
        var expectedState = entity == WorkerTopology.WriteThroughEntity ? "live" : "invalidated";
        var keys = bodies.HighestVersions.Take(shape.KeySpace == Shape.HotKeys ? int.MaxValue : 200).ToList();
        var wrong = 0;
        foreach (var (key, version) in keys)
        {
            var record = await store.ReadAsync(entity, key, ct).ConfigureAwait(false);
            var entry = await db.HashGetAsync(topology.CacheKey(entity, key), ["version", "state"]).ConfigureAwait(false);
            if (record?.Version != version || entry[0] != version.ToString(System.Globalization.CultureInfo.InvariantCulture) || entry[1] != expectedState) wrong++;
        }

        if (wrong > 0) problems.Add($"{wrong} of {keys.Count} keys not at their highest version in store and Redis");
        return problems.Count == 0
            ? $"{events} decided; {keys.Count} keys at their highest version in store and Redis; queue and DLQ empty"
            : "FAILED: " + string.Join("; ", problems);
    }
}
