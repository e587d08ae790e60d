using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace CacheSync.Contracts;

/// <summary>
/// Turns any byte array into a valid <see cref="WriteEvent"/> or a precise <see cref="ContractViolation"/>.
/// Never throws on bad input: the worker must be able to dead-letter anything a producer sends.
/// </summary>
/// <remarks>
/// The decoder reads a <see cref="JsonDocument"/> by hand instead of deserializing, because a contract
/// violation must name the field and what was wrong with it, and because unknown fields are ignored.
/// </remarks>
public static class WriteEventDecoder
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static DecodeResult Decode(ReadOnlyMemory<byte> body) => Decode(body, DecoderLimits.Default);

    public static DecodeResult Decode(ReadOnlyMemory<byte> body, DecoderLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (body.Length > limits.MaxMessageBytes)
        {
            return DecodeResult.Invalid(ContractReasons.Oversize,
                $"message is {body.Length} bytes; the limit is {limits.MaxMessageBytes}");
        }

        if (body.Span.StartsWith(Utf8Bom))
        {
            body = body[Utf8Bom.Length..];
        }

        if (body.IsEmpty)
        {
            return DecodeResult.Invalid(ContractReasons.BadJson, "the message body is empty");
        }

        // The JSON reader checks UTF-8 only where it reads strings; data is kept as raw text, so check it all.
        if (!Utf8.IsValid(body.Span))
        {
            return DecodeResult.Invalid(ContractReasons.BadJson, "the message is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions
            {
                MaxDepth = limits.MaxDepth,
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
                AllowDuplicateProperties = false,
            });
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // The duplicate-name check unescapes every member name, unknown ones too, and throws
            // InvalidOperationException on an escaped half surrogate pair ("\ud800"): text that is not text.
            return DecodeResult.Invalid(ContractReasons.BadJson, ex.Message);
        }

        using (document)
        {
            try
            {
                return DecodeRoot(document.RootElement);
            }
            catch (InvalidOperationException ex)
            {
                // JsonElement.GetString throws this for strings that are not valid UTF-8.
                return DecodeResult.Invalid(ContractReasons.BadJson, ex.Message);
            }
        }
    }

    private static DecodeResult DecodeRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return DecodeResult.Invalid(ContractReasons.BadJson, $"the message must be a JSON object, not {Describe(root.ValueKind)}");
        }

        if (ReadText(root, "id", DecoderLimits.MaxIdLength, forbidBraces: false, out var id) is { } idFailure) return idFailure;
        if (ReadText(root, "entity", DecoderLimits.MaxEntityLength, forbidBraces: true, out var entity) is { } entityFailure) return entityFailure;
        if (ReadText(root, "key", DecoderLimits.MaxKeyLength, forbidBraces: true, out var key) is { } keyFailure) return keyFailure;

        if (!root.TryGetProperty("op", out var opElement)) return Missing("op");
        if (opElement.ValueKind != JsonValueKind.String) return WrongType("op", "a string", opElement);
        EventOperation op;
        switch (opElement.GetString())
        {
            case "upsert": op = EventOperation.Upsert; break;
            case "delete": op = EventOperation.Delete; break;
            case var other:
                return DecodeResult.Invalid(ContractReasons.UnknownOp, $"op must be \"upsert\" or \"delete\", not \"{Truncate(other!)}\"");
        }

        if (!root.TryGetProperty("version", out var versionElement)) return Missing("version");
        var versionResult = ReadVersion(versionElement, out var version);
        if (versionResult is not null) return versionResult.Value;

        DateTimeOffset? occurredAt = null;
        if (root.TryGetProperty("occurredAt", out var occurredElement) && occurredElement.ValueKind != JsonValueKind.Null)
        {
            if (occurredElement.ValueKind != JsonValueKind.String) return WrongType("occurredAt", "an ISO 8601 string", occurredElement);
            if (!occurredElement.TryGetDateTimeOffset(out var parsed))
            {
                return DecodeResult.Invalid(ContractReasons.InvalidValue, "occurredAt is not an ISO 8601 date and time");
            }

            occurredAt = parsed.ToUniversalTime();
        }

        JsonElement? data = null;
        if (root.TryGetProperty("data", out var dataElement) && dataElement.ValueKind != JsonValueKind.Null)
        {
            if (dataElement.ValueKind != JsonValueKind.Object) return WrongType("data", "a JSON object", dataElement);
            data = dataElement.Clone();
        }

        if (op == EventOperation.Upsert && data is null) return Missing("data", "an upsert must carry its data object");

        var links = new List<string>();
        if (root.TryGetProperty("links", out var linksElement) && linksElement.ValueKind != JsonValueKind.Null)
        {
            if (linksElement.ValueKind != JsonValueKind.Array) return WrongType("links", "an array of strings", linksElement);
            if (linksElement.GetArrayLength() > DecoderLimits.MaxLinks)
            {
                return DecodeResult.Invalid(ContractReasons.InvalidValue, $"links has more than {DecoderLimits.MaxLinks} entries");
            }

            foreach (var link in linksElement.EnumerateArray())
            {
                if (link.ValueKind != JsonValueKind.String) return WrongType("links[]", "a string", link);
                var text = link.GetString()!;
                if (CheckText("links[]", text, DecoderLimits.MaxKeyLength, forbidBraces: true) is { } linkError) return linkError;
                links.Add(text);
            }
        }

        return DecodeResult.Valid(new WriteEvent
        {
            Id = id,
            Entity = entity,
            Key = key,
            Op = op,
            Version = version,
            OccurredAt = occurredAt,
            Data = data,
            Links = links,
        });
    }

    /// <summary>A version is a JSON integer, or a string of decimal digits for producers whose numbers are doubles.</summary>
    private static DecodeResult? ReadVersion(JsonElement element, out long version)
    {
        version = 0;
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (element.TryGetInt64(out version)) break;
                return IsBelowZero(element.GetRawText())
                    ? DecodeResult.Invalid(ContractReasons.NegativeVersion, "version must not be negative")
                    : DecodeResult.Invalid(ContractReasons.WrongType, $"version must be a 64-bit integer, not {Truncate(element.GetRawText())}");
            case JsonValueKind.String:
                var text = element.GetString()!;
                if (text.Length > 0 && text.All(char.IsAsciiDigit) &&
                    long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version)) break;
                if (text.StartsWith('-') && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var negative) && negative < 0)
                {
                    return DecodeResult.Invalid(ContractReasons.NegativeVersion, "version must not be negative");
                }

                return DecodeResult.Invalid(ContractReasons.WrongType, $"version must be a 64-bit integer, not \"{Truncate(text)}\"");
            default:
                return WrongType("version", "an integer", element);
        }

        return version < 0 ? DecodeResult.Invalid(ContractReasons.NegativeVersion, "version must not be negative") : null;
    }

    /// <summary>
    /// A JSON number (without a fraction) below zero: "-0" and "-0e5" are zero, so they are not negative versions.
    /// </summary>
    private static bool IsBelowZero(string number) =>
        number.StartsWith('-') && !number.Contains('.', StringComparison.Ordinal) &&
        number.TakeWhile(c => c is not ('e' or 'E')).Any(c => c is >= '1' and <= '9');

    private static DecodeResult? ReadText(JsonElement root, string name, int maxLength, bool forbidBraces, out string value)
    {
        value = string.Empty;
        if (!root.TryGetProperty(name, out var element)) return Missing(name);
        if (element.ValueKind != JsonValueKind.String) return WrongType(name, "a string", element);
        value = element.GetString()!;
        return CheckText(name, value, maxLength, forbidBraces);
    }

    private static DecodeResult? CheckText(string name, string value, int maxLength, bool forbidBraces)
    {
        if (value.Length == 0) return DecodeResult.Invalid(ContractReasons.InvalidValue, $"{name} must not be empty");
        if (value.Length > maxLength) return DecodeResult.Invalid(ContractReasons.InvalidValue, $"{name} is longer than {maxLength} characters");
        foreach (var c in value)
        {
            if (char.IsControl(c)) return DecodeResult.Invalid(ContractReasons.InvalidValue, $"{name} must not contain control characters");

            // Braces would break key templates and Redis Cluster hash tags, so keys and entity names may not carry them.
            if (forbidBraces && c is '{' or '}') return DecodeResult.Invalid(ContractReasons.InvalidValue, $"{name} must not contain '{{' or '}}'");
        }

        return null;
    }

    private static DecodeResult Missing(string name, string? why = null) =>
        DecodeResult.Invalid(ContractReasons.MissingField, why is null ? $"required field '{name}' is missing" : $"required field '{name}' is missing: {why}");

    private static DecodeResult WrongType(string name, string expected, JsonElement actual) =>
        DecodeResult.Invalid(ContractReasons.WrongType, $"{name} must be {expected}, not {Describe(actual.ValueKind)}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
