using System.Diagnostics;
using System.Globalization;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace CacheSync.Bench.EndToEnd;

/// <summary>
/// Publish→cache-visible latency at a steady offered load: each event gets a key of its own, the bench stamps it
/// when it hands it to the client library, and stamps it again when Redis announces the worker's HSET on that key
/// (a keyspace notification, so nothing polls). Both stamps come from the same monotonic clock.
/// </summary>
internal sealed class LatencyRun(BenchOptions options, BenchBroker broker, IConnectionMultiplexer redis)
{
    public async Task<LatencyMeasurement> RunAsync(WorkerTopology topology, Shape shape, string entity, double eventsPerSecond, CancellationToken ct)
    {
        var count = Math.Max(10, (int)(eventsPerSecond * options.LatencyDuration.TotalSeconds));
        var bodies = new EventBodies(entity, shape, seed: topology.Number);
        var published = new long[count];
        var visible = new long[count];
        Directory.CreateDirectory(topology.StoreDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(topology.LogPath)!);
        try
        {
            await using var worker = WorkerProcess.Start(options.WorkerPath, topology.Settings(options), topology.LogPath);
            await worker.WaitReadyAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);

            await using var notifications = await KeyspaceNotifications.EnableAsync(redis).ConfigureAwait(false);
            var subscriber = redis.GetSubscriber();
            var keyPrefix = $"__keyspace@0__:{topology.CacheKey(entity, "lat")}";
            var channel = RedisChannel.Pattern(keyPrefix + "*");
            await subscriber.SubscribeAsync(channel, (name, _) =>
            {
                var now = Stopwatch.GetTimestamp();
                if (int.TryParse(((string)name!).AsSpan(keyPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < count)
                {
                    Interlocked.CompareExchange(ref visible[i], now, 0);
                }
            }).ConfigureAwait(false);
            try
            {
                // A fresh worker runs unoptimised code for its first few thousand events; those are not its latency.
                var warmUp = Enumerable.Range(0, Math.Min(count, 2_000)).Select(i => bodies.Create($"warm{i}")).ToArray();
                await PublishPacedAsync(topology, entity, warmUp, eventsPerSecond, new long[warmUp.Length], ct).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);

                var bodiesToSend = Enumerable.Range(0, count).Select(i => bodies.Create($"lat{i}")).ToArray();
                await PublishPacedAsync(topology, entity, bodiesToSend, eventsPerSecond, published, ct).ConfigureAwait(false);
                await WaitForAllAsync(visible, ct).ConfigureAwait(false);
            }
            finally
            {
                await subscriber.UnsubscribeAsync(channel).ConfigureAwait(false);
            }

            var latencies = Enumerable.Range(0, count).Where(i => visible[i] != 0)
                .Select(i => Stopwatch.GetElapsedTime(published[i], visible[i]).TotalMilliseconds).ToList();
            var missing = count - latencies.Count;
            var check = missing == 0 ? $"{count} of {count} events seen in Redis" : $"FAILED: {missing} of {count} never seen in Redis";
            return LatencyMeasurement.From(eventsPerSecond, latencies, count, check);
        }
        finally
        {
            await broker.DeleteAsync(topology.Exchange, topology.Queue, topology.DeadLetterQueue).ConfigureAwait(false);
            await RedisCleanup.DeleteByPrefixAsync(redis, topology.RedisPrefix).ConfigureAwait(false);
            Directory.Delete(topology.StoreDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Publishes at an even rate: each event waits for its own slot on the clock, so a slow moment does not become a
    /// burst later. No publisher confirms: producers publish fire-and-forget, and confirms are not part of the path.
    /// </summary>
    private async Task PublishPacedAsync(WorkerTopology topology, string entity, byte[][] bodies, double eventsPerSecond, long[] published, CancellationToken ct)
    {
        await using var channel = await broker.Connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };
        var interval = Stopwatch.Frequency / eventsPerSecond;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < bodies.Length; i++)
        {
            var due = start + (long)(i * interval);
            while (Stopwatch.GetTimestamp() is var now && now < due)
            {
                if (due - now > Stopwatch.Frequency / 500) await Task.Delay(1, ct).ConfigureAwait(false);
                else Thread.SpinWait(50);
            }

            published[i] = Stopwatch.GetTimestamp();
            await channel.BasicPublishAsync(topology.Exchange, $"{entity}.upsert", mandatory: false, properties, bodies[i], ct).ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    private static async Task WaitForAllAsync(long[] visible, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < SettleTimeout && visible.Any(v => v == 0)) await Task.Delay(50, ct).ConfigureAwait(false);
    }
}
