using System.Runtime.ExceptionServices;
using CacheSync.Contracts;
using CacheSync.Core.Processing;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace CacheSync.Worker.Transport;

/// <summary>
/// Replaces MassTransit's error pipe and dead-letter pipe, which would move messages to its own <c>_error</c> and
/// <c>_skipped</c> queues in its own format. A message that failed before reaching the consumer (it would not
/// deserialize, its content type is not JSON) or that no consumer took goes to our DLQ with its reason.
/// Shutdown and an unavailable DLQ are rethrown instead, so the transport returns the message to the queue.
/// </summary>
internal sealed class UndeliverableDeadLetterFilter : IFilter<ExceptionReceiveContext>, IFilter<ReceiveContext>
{
    private readonly DeadLetterPublisher _deadLetters;
    private readonly DecoderLimits _limits;
    private readonly ILogger _logger;
    private readonly ProcessingTelemetry? _telemetry;

    public UndeliverableDeadLetterFilter(DeadLetterPublisher deadLetters, DecoderLimits limits, ILogger logger, ProcessingTelemetry? telemetry = null)
    {
        _deadLetters = deadLetters;
        _telemetry = telemetry;
        _limits = limits;
        _logger = logger;
    }

    /// <summary>The error pipe: the receive or consume pipeline threw.</summary>
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (MustRequeue(context.Exception))
        {
            ExceptionDispatchInfo.Capture(context.Exception).Throw();
        }

        await DeadLetterAsync(context, context.Exception).ConfigureAwait(false);

        // MassTransit runs the dead-letter pipe too for a message that never reached a consumer; this mark
        // keeps it from being dead-lettered twice.
        context.GetOrAddPayload(() => new DeadLetteredMark());
    }

    /// <summary>The dead-letter pipe: no consumer took the message.</summary>
    public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        if (context.TryGetPayload<DeadLetteredMark>(out _)) return;
        await DeadLetterAsync(context, exception: null).ConfigureAwait(false);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("cachesync-dead-letter-undeliverable");

    private async Task DeadLetterAsync(ReceiveContext context, Exception? exception)
    {
        var (reason, detail) = UndeliverableClassifier.Classify(context, _limits, exception);
        _logger.LogWarning("Dead-lettering an undeliverable message: {Reason}: {Detail}", reason, detail);
        await _deadLetters.PublishAsync(DeadLetterFactory.From(context, reason, detail, exception, attempts: 1), context.CancellationToken)
            .ConfigureAwait(false);
        _telemetry?.RecordUndeliverable();
    }

    private static bool MustRequeue(Exception exception) =>
        exception is OperationCanceledException or ConsumerCanceledException or DeadLetterUnavailableException ||
        (exception.InnerException is { } inner && MustRequeue(inner));
}
