using MassTransit;

namespace CacheSync.Worker.Transport;

/// <summary>Builds a <see cref="DeadLetter"/> from a MassTransit delivery, keeping the RabbitMQ properties as they came.</summary>
internal static class DeadLetterFactory
{
    public static DeadLetter From(ReceiveContext context, string reason, string? detail, Exception? exception, int attempts)
    {
        context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery);
        return new DeadLetter
        {
            Body = context.Body.GetBytes(),
            OriginalProperties = delivery?.Properties,
            OriginalExchange = delivery?.Exchange,
            OriginalRoutingKey = delivery?.RoutingKey,
            Reason = reason,
            Detail = detail,
            Exception = exception,
            Attempts = attempts,
        };
    }
}
