using CacheSync.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace CacheSync.Worker.Transport;

/// <summary>
/// Replaces MassTransit's dead-letter pipe (its <c>_skipped</c> queue): a message no consumer took goes to our
/// DLQ with the reason the contract decoder finds.
/// </summary>
internal sealed class SkippedDeadLetterFilter : IFilter<ReceiveContext>
{
    private readonly DeadLetterPublisher _deadLetters;
    private readonly DecoderLimits _limits;
    private readonly ILogger _logger;

    public SkippedDeadLetterFilter(DeadLetterPublisher deadLetters, DecoderLimits limits, ILogger logger)
    {
        _deadLetters = deadLetters;
        _limits = limits;
        _logger = logger;
    }

    public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        if (context.TryGetPayload<DeadLetteredMark>(out _)) return;

        var (reason, detail) = UndeliverableClassifier.Classify(context, _limits, exception: null);
        _logger.LogWarning("Dead-lettering a message no consumer took: {Reason}: {Detail}", reason, detail);
        await _deadLetters.PublishAsync(DeadLetterFactory.From(context, reason, detail, exception: null, attempts: 1), context.CancellationToken)
            .ConfigureAwait(false);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("cachesync-dead-letter-on-skip");
}
