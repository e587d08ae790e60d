using System.Diagnostics;
using MassTransit;

namespace CacheSync.Bench.EndToEnd;

/// <summary>
/// Baseline M: the worker's transport alone. A MassTransit receive endpoint configured as the worker's (quorum
/// queue, raw JSON, same prefetch and concurrency) whose consumer only returns, so the message is acked. The gap
/// between A and M is what MassTransit costs; the gap between M and the worker is what the rules cost.
/// </summary>
internal sealed class MassTransitAckOnlyRun(BenchOptions options, BenchBroker broker)
{
    public async Task<Measurement> RunAsync(WorkerTopology topology, Shape shape, CancellationToken ct)
    {
        var events = options.EventsFor(shape.PayloadBytes);
        var total = options.WarmUpEvents + events;
        var bodies = new EventBodies(WorkerTopology.WriteThroughEntity, shape, seed: topology.Number);
        await broker.DeclareQuorumQueueAsync(topology.Exchange, topology.Queue, ct).ConfigureAwait(false);
        try
        {
            await broker.FillAsync(topology.Exchange, "bench_wt.upsert", topology.Queue, total, bodies.Next, ct).ConfigureAwait(false);
            var counter = new WarmCounter(total, options.WarmUpEvents);
            var uri = new Uri(options.RabbitMqUri);
            var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(uri.Host, (ushort)uri.Port, "/", h =>
                {
                    h.Username(Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]));
                    h.Password(Uri.UnescapeDataString(uri.UserInfo.Split(':')[1]));
                });
                cfg.ClearSerialization();
                cfg.UseRawJsonSerializer(RawSerializerOptions.AnyMessageType, isDefault: true);
                cfg.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
                cfg.ReceiveEndpoint(topology.Queue, endpoint =>
                {
                    endpoint.ConfigureConsumeTopology = false;
                    endpoint.SetQuorumQueue();
                    endpoint.SetQueueArgument("x-delivery-limit", 20);
                    endpoint.SetQueueArgument("x-overflow", "reject-publish");
                    endpoint.PrefetchCount = options.PrefetchCount;
                    endpoint.ConcurrentMessageLimit = options.ConcurrencyLimit;
                    endpoint.Consumer(() => new AckOnlyConsumer(counter));
                });
            });

            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            await bus.StartAsync(ct).ConfigureAwait(false);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(options.RunTimeout);
                await counter.Done.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                await bus.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            self.Refresh();
            var cpu = self.TotalProcessorTime - cpuBefore;
            var left = await broker.ReadyAsync(topology.Queue, ct).ConfigureAwait(false);
            var check = left == 0 ? $"{total} acked, queue empty" : $"FAILED: {left} left in the queue";
            return new Measurement(events, events / counter.Elapsed.TotalSeconds, null, null, check) { CpuMicrosecondsPerEvent = cpu.TotalMicroseconds / total };
        }
        finally
        {
            await broker.DeleteAsync(topology.Exchange, topology.Queue).ConfigureAwait(false);
        }
    }

    /// <summary>The message type MassTransit's raw JSON deserializer is asked for, as the worker asks for its own.</summary>
    public sealed class AckOnlyMessage;

    private sealed class AckOnlyConsumer(WarmCounter counter) : IConsumer<AckOnlyMessage>
    {
        public Task Consume(ConsumeContext<AckOnlyMessage> context)
        {
            // Counted when the consumer returns, just before MassTransit acks: the ack of the last one is not timed.
            counter.Handled();
            return Task.CompletedTask;
        }
    }
}
