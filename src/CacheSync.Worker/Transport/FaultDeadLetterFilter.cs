using System.Runtime.ExceptionServices;
using CacheSync.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace CacheSync.Worker.Transport;

/// <summary>
/// Replaces MassTransit's error pipe (which would move faults to its own <c>_error</c> queue in its own format).
/// A message that failed before reaching the consumer goes to our DLQ with its reason. Shutdown and an
/// unavailable DLQ are rethrown instead, so the transport returns the message to the queue.
/// </summary>
internal sealed class FaultDeadLetterFilter : IFilter<ExceptionReceiveContext>
{
    private readonly DeadLetterPublisher _deadLetters;
    private readonly DecoderLimits _limits;
    private readonly ILogger _logger;

    public FaultDeadLetterFilter(DeadLetterPublisher deadLetters, DecoderLimits limits, ILogger logger)
    {
        _deadLetters = deadLetters;
        _limits = limits;
        _logger = logger;
    }

    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (MustRequeue(context.Exception))
        {
            ExceptionDispatchInfo.Capture(context.Exception).Throw();
        }

        var (reason, detail) = UndeliverableClassifier.Classify(context, _limits, context.Exception);
        _logger.LogWarning("Dead-lettering an undeliverable message: {Reason}: {Detail}", reason, detail);
        await _deadLetters.PublishAsync(DeadLetterFactory.From(context, reason, detail, context.Exception, attempts: 1), context.CancellationToken)
            .ConfigureAwait(false);

        // MassTransit runs the dead-letter pipe too for a message that never reached a consumer; this mark
        // keeps it from being dead-lettered twice.
        context.GetOrAddPayload(() => new DeadLetteredMark());
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("cachesync-dead-letter-on-fault");

    private static bool MustRequeue(Exception exception) =>
        exception is OperationCanceledException or ConsumerCanceledException or DeadLetterUnavailableException ||
        (exception.InnerException is { } inner && MustRequeue(inner));
}
