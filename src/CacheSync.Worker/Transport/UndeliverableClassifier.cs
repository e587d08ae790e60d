using System.Net.Mime;
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
        if (context.ContentType is { } contentType && !IsJson(contentType))
        {
            return (ProcessingReasons.UnsupportedContentType, $"content type '{contentType.MediaType}' is not application/json");
        }

        var decoded = WriteEventDecoder.Decode(context.Body.GetBytes(), limits);
        if (!decoded.IsValid) return (decoded.Violation.Reason, decoded.Violation.Detail);
        return (ProcessingReasons.TransportError, exception?.Message ?? "the transport did not deliver the message to the consumer");
    }

    private static bool IsJson(ContentType contentType) =>
        string.Equals(contentType.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);
}
