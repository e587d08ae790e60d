using System.Text;
using RabbitMQ.Client;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// AMQP envelopes a careless or hostile producer may send: content types that are not JSON, are JSON spelled oddly,
/// are empty or unparsable; headers of every AMQP type (nested tables and arrays, timestamps, decimals, binary), and
/// headers named like MassTransit's, the broker's or CacheSync's own; odd message ids, correlation ids and other
/// properties. The body decides what a message is, except that a content type which is not JSON sends it to the DLQ.
/// </summary>
internal sealed class Envelopes
{
    /// <summary>
    /// Content types README calls JSON: none (or blank), or application/json, in any case, with any parameters, even
    /// malformed ones.
    /// </summary>
    public static IReadOnlyList<string?> Json { get; } = [null, "application/json", "application/json; charset=utf-8", "Application/JSON", "application/json;;", "application/json; charset", "", " "];

    /// <summary>Content types MassTransit cannot parse, and which are set and not application/json.</summary>
    public static IReadOnlyList<string> Unparsable { get; } = ["garbage!!", "application/", "/json", "a/b/c", "text/plain;;;", "text/plain; charset"];

    /// <summary>Content types README sends to the DLQ as unsupported-content-type, whatever the body.</summary>
    public static IReadOnlyList<string> NotJson { get; } =
    [
        "text/plain", "application/xml", "application/octet-stream", "application/vnd.masstransit+json", "application/json-patch+json",
        "text/json", "multipart/mixed; boundary=x", "application/x-protobuf",
    ];

    private static readonly Func<Random, object?>[] OddValues =
    [
        _ => 42, _ => long.MinValue, _ => true, _ => 1.5d, _ => 2.5f, _ => 1.5m, _ => new AmqpTimestamp(0), _ => new AmqpTimestamp(long.MaxValue / 2),
        _ => "text", _ => "half a pair \uD800", _ => "\u0000nul", _ => Encoding.UTF8.GetBytes("bytes"), _ => new BinaryTableValue([0, 255, 1]),
        _ => (sbyte)-1, _ => (short)-2, _ => (ushort)3, _ => 4u, _ => (byte)5, _ => null, _ => new string('h', 10_000),
        _ => new Dictionary<string, object?> { ["nested"] = new List<object?> { 1, "a", null, new Dictionary<string, object?> { ["deeper"] = 2.5m } } },
        _ => new List<object?> { new List<object?> { new List<object?>() }, new AmqpTimestamp(1) },
    ];

    // Names other code reads: MassTransit's, the broker's, CacheSync's own dead-letter headers, tracing.
    private static readonly string[] LoadedNames =
    [
        "Content-Type", "MessageId", "CorrelationId", "ConversationId", "MT-Redelivery-Count", "MT-Fault-Message", "MT-Host-MachineName",
        "MT-MessageType", "traceparent", "tracestate", "x-death", "x-first-death-reason", "x-delivery-count", "x-cachesync-reason",
        "x-cachesync-attempts", "x-cachesync-original-exchange", "x-cachesync-replay-count", "publishId", "",
    ];

    private readonly Random _random;

    public Envelopes(int seed) => _random = new Random(seed);

    /// <summary>Properties for one message: a content type from <paramref name="contentTypes"/>, its number, and oddities.</summary>
    public BasicProperties For(int number, IReadOnlyList<string?> contentTypes)
    {
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal) { [OutboundMessage.NumberHeader] = number };
        for (var i = _random.Next(0, 6); i > 0; i--)
        {
            var name = _random.Next(3) == 0 ? LoadedNames[_random.Next(LoadedNames.Length)] : $"x-odd-{_random.Next(100)}";
            headers[name] = OddValues[_random.Next(OddValues.Length)](_random);
        }

        if (_random.Next(20) == 0) headers[new string('n', 200)] = "a long header name";
        var properties = new BasicProperties
        {
            ContentType = contentTypes[_random.Next(contentTypes.Count)],
            Persistent = true,
            Headers = headers,
        };
        switch (_random.Next(8))
        {
            case 0: properties.MessageId = "not-a-guid \u00e9\u6f22"; break;
            case 1: properties.MessageId = new string('m', 255); break;
            case 2: properties.CorrelationId = "{not a guid}"; properties.Type = "urn:message:Nobody"; break;
            case 3: properties.Priority = 255; properties.AppId = "hostile"; break;
            case 4: properties.Timestamp = new AmqpTimestamp(0); properties.ReplyTo = "nowhere"; break;
            case 5: properties.Expiration = "600000"; break;
            case 6: properties.ContentEncoding = "gzip"; break;
            default: properties.MessageId = Guid.NewGuid().ToString(); break;
        }

        return properties;
    }
}
