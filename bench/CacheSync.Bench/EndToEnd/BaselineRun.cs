using StackExchange.Redis;

namespace CacheSync.Bench.EndToEnd;

/// <summary>Baselines A and B: a pre-filled quorum queue drained by <see cref="BaselineConsumer"/>.</summary>
internal sealed class BaselineRun(BenchOptions options, BenchBroker broker, IConnectionMultiplexer redis)
{
    public async Task<Measurement> RunAsync(WorkerTopology topology, Shape shape, bool withRedisSet, CancellationToken ct)
    {
        var events = options.EventsFor(shape.PayloadBytes);
        var total = options.WarmUpEvents + events;
        var bodies = new EventBodies(WorkerTopology.WriteThroughEntity, shape, seed: topology.Number);
        await broker.DeclareQuorumQueueAsync(topology.Exchange, topology.Queue, ct).ConfigureAwait(false);
        try
        {
            await broker.FillAsync(topology.Exchange, "bench_wt.upsert", topology.Queue, total, bodies.Next, ct).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.RunTimeout);
            var consumer = new BaselineConsumer(total, options.WarmUpEvents, withRedisSet ? redis.GetDatabase() : null, topology.RedisPrefix + ":b:");
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var elapsed = await consumer.RunAsync(broker.Connection, topology.Queue, options, timeout.Token).ConfigureAwait(false);
            self.Refresh();
            var cpu = self.TotalProcessorTime - cpuBefore;
            var left = await broker.ReadyAsync(topology.Queue, ct).ConfigureAwait(false);
            var check = left == 0 ? $"{total} acked, queue empty" : $"FAILED: {left} left in the queue";
            return new Measurement(events, events / elapsed.TotalSeconds, null, null, check) { CpuMicrosecondsPerEvent = cpu.TotalMicroseconds / total };
        }
        finally
        {
            await broker.DeleteAsync(topology.Exchange, topology.Queue).ConfigureAwait(false);
            if (withRedisSet) await RedisCleanup.DeleteByPrefixAsync(redis, topology.RedisPrefix).ConfigureAwait(false);
        }
    }
}
