using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CacheSync.Core.Policies;

/// <summary>
/// A cache-key template such as <c>user:{key}:model</c> or <c>user:{data.user_id}:models</c>.
/// Placeholders: <c>{key}</c>, <c>{entity}</c>, <c>{version}</c> and <c>{data.field}</c> (dotted paths reach nested objects).
/// </summary>
public sealed class KeyTemplate
{
    private readonly IReadOnlyList<Segment> _segments;

    private KeyTemplate(string text, IReadOnlyList<Segment> segments)
    {
        Text = text;
        _segments = segments;
        DataFields = segments.Where(s => s.DataPath is not null).Select(s => string.Join('.', s.DataPath!)).ToArray();
    }

    public string Text { get; }

    /// <summary>The <c>data.…</c> paths this template reads; empty when it needs only the event's own fields.</summary>
    public IReadOnlyList<string> DataFields { get; }

    public bool NeedsData => DataFields.Count > 0;

    /// <summary>True when the template uses <c>{version}</c>.</summary>
    public bool UsesVersion => _segments.Any(s => s.Kind == SegmentKind.Version);

    /// <summary>Parses a template, or says in one sentence why it is not one.</summary>
    public static bool TryParse(string? text, out KeyTemplate? template, out string? error)
    {
        template = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "must not be empty";
            return false;
        }

        var segments = new List<Segment>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '}')
            {
                error = $"has an unmatched '}}' at position {i}";
                return false;
            }

            if (char.IsControl(c) || c == ' ')
            {
                error = $"has a space or control character at position {i}";
                return false;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                error = $"has an unmatched '{{' at position {i}";
                return false;
            }

            var name = text[(i + 1)..close];
            if (name.Contains('{', StringComparison.Ordinal))
            {
                error = $"has a '{{' inside a placeholder at position {i}";
                return false;
            }

            if (!TryParsePlaceholder(name, out var segment))
            {
                error = $"has an unknown placeholder '{{{name}}}' (use {{key}}, {{entity}}, {{version}} or {{data.field}})";
                return false;
            }

            if (literal.Length > 0)
            {
                segments.Add(Segment.Literal(literal.ToString()));
                literal.Clear();
            }

            segments.Add(segment);
            i = close;
        }

        if (literal.Length > 0) segments.Add(Segment.Literal(literal.ToString()));
        template = new KeyTemplate(text, segments);
        return true;
    }

    public static KeyTemplate Parse(string text) =>
        TryParse(text, out var template, out var error) ? template! : throw new FormatException($"Key template '{text}' {error}.");

    /// <summary>
    /// Renders the key for one record, or returns null when a <c>data.…</c> field is missing, is not a scalar,
    /// or would put a brace or control character into the key.
    /// </summary>
    public string? Render(string entity, string key, long version, JsonElement? data)
    {
        var builder = new StringBuilder(Text.Length + key.Length);
        foreach (var segment in _segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Literal: builder.Append(segment.Text); break;
                case SegmentKind.Key: builder.Append(key); break;
                case SegmentKind.Entity: builder.Append(entity); break;
                case SegmentKind.Version: builder.Append(version.ToString(CultureInfo.InvariantCulture)); break;
                case SegmentKind.Data:
                    var value = ReadScalar(data, segment.DataPath!);
                    if (value is null) return null;
                    builder.Append(value);
                    break;
            }
        }

        return builder.ToString();
    }

    public override string ToString() => Text;

    private static string? ReadScalar(JsonElement? data, IReadOnlyList<string> path)
    {
        if (data is not { ValueKind: JsonValueKind.Object } current) return null;
        foreach (var part in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current)) return null;
        }

        var text = current.ValueKind switch
        {
            JsonValueKind.String => StringOrNull(current),
            JsonValueKind.Number => current.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (string.IsNullOrEmpty(text) || text.Any(c => char.IsControl(c) || c is '{' or '}')) return null;
        return text;
    }

    /// <summary>A string value, or null when it cannot become text (an escaped lone surrogate, say).</summary>
    private static string? StringOrNull(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool TryParsePlaceholder(string name, out Segment segment)
    {
        segment = name switch
        {
            "key" => new Segment(SegmentKind.Key, null, null),
            "entity" => new Segment(SegmentKind.Entity, null, null),
            "version" => new Segment(SegmentKind.Version, null, null),
            _ => default,
        };
        if (segment.Kind != SegmentKind.None) return true;
        if (!name.StartsWith("data.", StringComparison.Ordinal)) return false;
        var path = name["data.".Length..].Split('.');
        if (path.Any(p => p.Length == 0)) return false;
        segment = new Segment(SegmentKind.Data, null, path);
        return true;
    }

    private enum SegmentKind
    {
        None,
        Literal,
        Key,
        Entity,
        Version,
        Data,
    }

    private readonly record struct Segment(SegmentKind Kind, string? Text, string[]? DataPath)
    {
        public static Segment Literal(string text) => new(SegmentKind.Literal, text, null);
    }
}
