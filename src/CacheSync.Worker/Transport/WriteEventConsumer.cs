using System.Diagnostics;
using CacheSync.Core.Processing;
using CacheSync.Worker.Telemetry;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace CacheSync.Worker.Transport;

/// <summary>
/// The seam between MassTransit and the rules: hands the raw body to the <see cref="DeliveryHandler"/> and
/// carries out its decision. Returning normally acks; a dead letter is confirmed by the DLQ before that.
/// Each message gets one span (<c>cachesync.process</c>) that continues the producer's trace from its headers.
/// </summary>
internal sealed class WriteEventConsumer : IConsumer<WriteEventMessage>
{
    private readonly DeliveryHandler _handler;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly ProcessingTelemetry _telemetry;
    private readonly ILogger<WriteEventConsumer> _logger;

    public WriteEventConsumer(DeliveryHandler handler, DeadLetterPublisher deadLetters, ProcessingTelemetry telemetry, ILogger<WriteEventConsumer> logger)
    {
        _handler = handler;
        _deadLetters = deadLetters;
        _telemetry = telemetry;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<WriteEventMessage> context)
    {
        using var activity = StartActivity(context.ReceiveContext);

        // MassTransit gives a content type it has no deserializer for to the default one (raw JSON), so any body that
        // parses arrives here, text/plain or not. The contract refuses such a message before any rule sees it.
        if (UndeliverableClassifier.UnsupportedContentType(context.ReceiveContext) is { } unsupported)
        {
            activity?.SetTag("cachesync.reason", ProcessingReasons.UnsupportedContentType);
            activity?.SetStatus(ActivityStatusCode.Error, ProcessingReasons.UnsupportedContentType);
            _logger.LogWarning("Dead-lettering a message: {Reason}: {Detail}", ProcessingReasons.UnsupportedContentType, unsupported);
            await _deadLetters.PublishAsync(
                DeadLetterFactory.From(context.ReceiveContext, ProcessingReasons.UnsupportedContentType, unsupported, exception: null, attempts: 1),
                context.CancellationToken).ConfigureAwait(false);
            _telemetry.RecordUndeliverable();
            return;
        }

        DeliveryDecision decision;
        try
        {
            decision = await _handler.HandleAsync(context.ReceiveContext.Body.GetBytes(), context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (activity is not null)
        {
            // Shutdown (the message returns to the queue) or a bug: either way no decision was reached.
            activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }

        var outcome = decision.Outcome;
        if (activity is not null) Describe(activity, decision);
        if (decision.Action == DeliveryAction.DeadLetter)
        {
            using var scope = _logger.BeginScope(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["EventId"] = outcome.Event?.Id,
                ["Entity"] = outcome.Event?.Entity,
                ["Key"] = outcome.Event?.Key,
            });
            await _deadLetters.PublishAsync(
                DeadLetterFactory.From(context.ReceiveContext, outcome.Reason!, outcome.Detail, outcome.Exception, decision.Attempts),
                context.CancellationToken).ConfigureAwait(false);
        }
    }

    private Activity? StartActivity(ReceiveContext context)
    {
        if (!_telemetry.ActivitySource.HasListeners()) return null;
        var activity = _telemetry.ActivitySource.StartActivity(ProcessingTelemetry.ProcessSpanName, ActivityKind.Consumer, MessageTraceContext.From(context));
        if (activity is null) return null;
        activity.SetTag("messaging.system", "rabbitmq");
        activity.SetTag("messaging.operation.type", "process");
        if (context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery))
        {
            activity.SetTag("messaging.destination.name", delivery.Exchange);
            activity.SetTag("messaging.rabbitmq.destination.routing_key", delivery.RoutingKey);
            if (delivery.Properties.MessageId is { } messageId) activity.SetTag("messaging.message.id", messageId);
        }

        return activity;
    }

    private static void Describe(Activity activity, DeliveryDecision decision)
    {
        var outcome = decision.Outcome;
        if (outcome.Event is { } e)
        {
            activity.SetTag("cachesync.entity", e.Entity);
            activity.SetTag("cachesync.key", e.Key);
            activity.SetTag("cachesync.event_id", e.Id);
            activity.SetTag("cachesync.version", e.Version);
        }

        activity.SetTag("cachesync.outcome", ProcessingTelemetry.OutcomeTag(outcome.Kind));
        activity.SetTag("cachesync.attempts", decision.Attempts);
        if (decision.Action == DeliveryAction.DeadLetter)
        {
            activity.SetTag("cachesync.reason", outcome.Reason);
            activity.SetStatus(ActivityStatusCode.Error, outcome.Reason);
        }
    }
}
