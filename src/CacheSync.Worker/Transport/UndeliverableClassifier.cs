using CacheSync.Contracts;
using CacheSync.Core.Processing;
using MassTransit;

namespace CacheSync.Worker.Transport;

/// <summary>
/// Finds the reason for a message MassTransit could not hand to the consumer (it would not deserialize it, or
/// no consumer took it). The contract decoder names the fault whenever it can, so the DLQ speaks one language.
/// </summary>
internal static class UndeliverableClassifier
{
    public static (string Reason, string Detail) Classify(ReceiveContext context, DecoderLimits limits, Exception? exception)
    {
        if (UnsupportedContentType(context) is { } unsupported) return (ProcessingReasons.UnsupportedContentType, unsupported);

        var decoded = WriteEventDecoder.Decode(context.Body.GetBytes(), limits);
        if (!decoded.IsValid) return (decoded.Violation.Reason, decoded.Violation.Detail);
        return (ProcessingReasons.TransportError, exception?.Message ?? "the transport did not deliver the message to the consumer");
    }

    /// <summary>Why the message's content type rules it out (it is set, and is not application/json), or null.</summary>
    public static string? UnsupportedContentType(ReceiveContext context)
    {
        // The content type as the producer wrote it: MassTransit reports one it cannot parse ("garbage", "text/plain;;;")
        // as none at all, which would let it through as JSON.
        var written = context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) ? delivery.Properties.ContentType : context.ContentType?.ToString();
        if (string.IsNullOrWhiteSpace(written)) return null;
        var mediaType = written.Split(';', 2)[0].Trim();
        return string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase) ? null : $"content type '{written}' is not application/json";
    }
}
