using System.Diagnostics;
using System.Text;
using MassTransit;

namespace CacheSync.Worker.Telemetry;

/// <summary>
/// The producer's trace context, as W3C <c>traceparent</c>/<c>tracestate</c> message headers (CacheSync.Publisher
/// sets them; any producer may), so the worker's span continues the producer's trace.
/// </summary>
internal static class MessageTraceContext
{
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    /// <summary>The remote parent, or default when the message carries none (or a malformed one): a new trace then.</summary>
    public static ActivityContext From(ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var traceParent = Header(context, TraceParentHeader);
        if (traceParent is null) return default;
        return ActivityContext.TryParse(traceParent, Header(context, TraceStateHeader), isRemote: true, out var parent) ? parent : default;
    }

    private static string? Header(ReceiveContext context, string name)
    {
        // The raw AMQP headers first: an AMQP client sends a string header as bytes.
        if (context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) &&
            delivery.Properties.Headers is { } headers && headers.TryGetValue(name, out var raw))
        {
            return Text(raw);
        }

        return context.TransportHeaders.TryGetHeader(name, out var value) ? Text(value) : null;
    }

    private static string? Text(object? value) => value switch
    {
        string text => text,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        ReadOnlyMemory<byte> memory => Encoding.UTF8.GetString(memory.Span),
        _ => null,
    };
}
