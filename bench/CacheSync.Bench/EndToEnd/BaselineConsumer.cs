using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using StackExchange.Redis;

namespace CacheSync.Bench.EndToEnd;

/// <summary>
/// The yardsticks, on RabbitMQ.Client alone: baseline A acks each message and does nothing else; baseline B first
/// reads the key from the body and SETs the body in Redis (awaited, the multiplexer pipelining the concurrent
/// calls), as a naive hand-written worker would. Same queue type, prefetch and parallelism as the worker.
/// </summary>
internal sealed class BaselineConsumer
{
    private readonly IDatabase? _redis;
    private readonly string _keyPrefix;
    private readonly WarmCounter _counter;

    /// <param name="warmUp">Messages handled before the clock starts (of <paramref name="expected"/>).</param>
    public BaselineConsumer(int expected, int warmUp, IDatabase? redis, string keyPrefix)
    {
        _counter = new WarmCounter(expected, warmUp);
        _redis = redis;
        _keyPrefix = keyPrefix;
    }

    /// <summary>Consumes until <c>expected</c> messages are acked; returns the time from the end of the warm-up to the last ack.</summary>
    public async Task<TimeSpan> RunAsync(IConnection connection, string queue, BenchOptions options, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(false, false, consumerDispatchConcurrency: (ushort)options.ConcurrencyLimit), ct).ConfigureAwait(false);
        await channel.BasicQosAsync(0, (ushort)options.PrefetchCount, global: false, ct).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, delivery);
        var tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer, ct).ConfigureAwait(false);
        await _counter.Done.WaitAsync(ct).ConfigureAwait(false);
        await channel.BasicCancelAsync(tag, cancellationToken: ct).ConfigureAwait(false);
        return _counter.Elapsed;
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery)
    {
        if (_redis is not null)
        {
            var key = _keyPrefix + EventBodies.KeyOf(delivery.Body.Span);
            await _redis.StringSetAsync(key, delivery.Body.ToArray(), TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        }

        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false).ConfigureAwait(false);
        _counter.Handled();
    }
}
