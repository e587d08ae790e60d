using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CacheSync.Contracts;
using RabbitMQ.Client;

namespace CacheSync.Cli.DeadLetters;

/// <summary>
/// One message of the DLQ as an operator sees it: the original body and properties untouched, what the body says
/// (id, entity, key, op, version; any of them may be missing in a poison message), and why it failed.
/// </summary>
internal sealed class DeadLetter
{
    private DeadLetter(ulong deliveryTag, ReadOnlyMemory<byte> body, IReadOnlyBasicProperties properties)
    {
        DeliveryTag = deliveryTag;
        Body = body;
        Properties = properties;
        Headers = (properties.Headers ?? new Dictionary<string, object?>()).ToDictionary(h => h.Key, h => Text(h.Value), StringComparer.Ordinal);
    }

    public ulong DeliveryTag { get; }

    public ReadOnlyMemory<byte> Body { get; }

    public IReadOnlyBasicProperties Properties { get; }

    /// <summary>Every header as text (AMQP strings arrive as bytes; x-death is a list of tables).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string? EventId { get; private init; }

    public string? Entity { get; private init; }

    public string? Key { get; private init; }

    public string? Op { get; private init; }

    public string? Version { get; private init; }

    /// <summary>
    /// The event id when the body has one, else the message id, else a fingerprint of the body (stable across
    /// runs, unlike a position in the queue): what <c>--id</c> and <c>show</c> match.
    /// </summary>
    public string Id => EventId ?? Properties.MessageId ?? $"sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Body.Span))[..16]}";

    /// <summary>Our reason code, or <c>broker:&lt;reason&gt;</c> for a message the broker dead-lettered (delivery limit, expiry).</summary>
    public string Reason => Header(DeadLetterHeaders.Reason) ?? (Header("x-first-death-reason") is { } broker ? $"broker:{broker}" : "unknown");

    public string? Detail => Header(DeadLetterHeaders.Detail);

    public string? Attempts => Header(DeadLetterHeaders.Attempts);

    public DateTimeOffset? FailedAt =>
        DateTimeOffset.TryParse(Header(DeadLetterHeaders.FailedAt), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    public int ReplayCount => int.TryParse(Header(DeadLetterHeaders.ReplayCount), CultureInfo.InvariantCulture, out var count) ? count : 0;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body as text when it is UTF-8, else null (then show it as base64).</summary>
    public string? BodyText
    {
        get
        {
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Body.Span);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }
    }

    public static DeadLetter From(ulong deliveryTag, ReadOnlyMemory<byte> body, IReadOnlyBasicProperties properties)
    {
        // The body is whatever was dead-lettered, valid or not: read what it offers, never fail on it.
        string? id = null, entity = null, key = null, op = null, version = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                id = Field(document.RootElement, "id");
                entity = Field(document.RootElement, "entity");
                key = Field(document.RootElement, "key");
                op = Field(document.RootElement, "op");
                version = Field(document.RootElement, "version");
            }
        }
        catch (JsonException)
        {
            // Not JSON: a poison message; its properties and headers still say what happened.
        }

        return new DeadLetter(deliveryTag, body, properties) { EventId = id, Entity = entity, Key = key, Op = op, Version = version };
    }

    private static string? Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        AmqpTimestamp time => DateTimeOffset.FromUnixTimeSeconds(time.UnixTime).ToString("O", CultureInfo.InvariantCulture),
        IDictionary<string, object?> table => "{" + string.Join(", ", table.Select(p => $"{p.Key}={Text(p.Value)}")) + "}",
        IEnumerable list and not string => "[" + string.Join(", ", list.Cast<object?>().Select(Text)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
