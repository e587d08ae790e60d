using CacheSync.Core.Processing;
using MassTransit;

namespace CacheSync.Worker.Transport;

/// <summary>
/// The seam between MassTransit and the rules: hands the raw body to the <see cref="DeliveryHandler"/> and
/// carries out its decision. Returning normally acks; a dead letter is confirmed by the DLQ before that.
/// </summary>
internal sealed class WriteEventConsumer : IConsumer<WriteEventMessage>
{
    private readonly DeliveryHandler _handler;
    private readonly DeadLetterPublisher _deadLetters;

    public WriteEventConsumer(DeliveryHandler handler, DeadLetterPublisher deadLetters)
    {
        _handler = handler;
        _deadLetters = deadLetters;
    }

    public async Task Consume(ConsumeContext<WriteEventMessage> context)
    {
        var decision = await _handler.HandleAsync(context.ReceiveContext.Body.GetBytes(), context.CancellationToken).ConfigureAwait(false);
        if (decision.Action == DeliveryAction.DeadLetter)
        {
            var outcome = decision.Outcome;
            await _deadLetters.PublishAsync(
                DeadLetterFactory.From(context.ReceiveContext, outcome.Reason!, outcome.Detail, outcome.Exception, decision.Attempts),
                context.CancellationToken).ConfigureAwait(false);
        }
    }
}
