using System.Globalization;
using System.Text;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Writes JSON text the many ways producers in other languages write it: every string escaped minimally, or every
/// character as <c>\uXXXX</c>, or a random mix; with or without whitespace between tokens. A decoder that reads
/// only one spelling would pass a single-spelling test and fail in production.
/// </summary>
internal sealed class JsonText
{
    private static readonly string[] Whitespace = ["", "", "", " ", "\n", "\t", "\r\n", "  "];

    private readonly Random _random;
    private readonly bool _escapeAll;
    private readonly bool _spaced;

    /// <param name="style">Any integer: picks the escaping, the spacing and the random choices within them.</param>
    public JsonText(int style)
    {
        _random = new Random(style);
        _escapeAll = style % 7 == 0;
        _spaced = style % 3 == 0;
    }

    public string Space() => _spaced ? Whitespace[_random.Next(Whitespace.Length)] : string.Empty;

    /// <param name="rawControls">Writes control characters raw, which JSON forbids inside strings.</param>
    public string Quote(string value, bool rawControls = false)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            var escape = _escapeAll || _random.Next(8) == 0;
            if (pair)
            {
                // A surrogate pair travels whole: escaped as two \u, or raw as one 4-byte UTF-8 sequence.
                if (escape) builder.Append(Escaped(c)).Append(Escaped(value[i + 1]));
                else builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append(Escaped(c)); // a lone surrogate has no UTF-8 form; only its escape can carry it
            }
            else if (c < 0x20 && rawControls)
            {
                builder.Append(c);
            }
            else if (c < 0x20 || c is '"' or '\\')
            {
                builder.Append(ShortEscape(c) is { } shortForm && !escape ? shortForm : Escaped(c));
            }
            else if (c == '/' && escape && _random.Next(2) == 0)
            {
                builder.Append("\\/");
            }
            else
            {
                builder.Append(escape ? Escaped(c) : c.ToString());
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>An object from (name, raw JSON value) pairs, names quoted in this style, duplicates kept as given.</summary>
    public string Object(IEnumerable<KeyValuePair<string, string>> members)
    {
        var builder = new StringBuilder("{");
        var first = true;
        foreach (var (name, value) in members)
        {
            if (!first) builder.Append(Space()).Append(',');
            first = false;
            builder.Append(Space()).Append(Quote(name)).Append(Space()).Append(':').Append(Space()).Append(value);
        }

        return builder.Append(Space()).Append('}').ToString();
    }

    public string Array(IEnumerable<string> rawValues) =>
        "[" + Space() + string.Join(Space() + "," + Space(), rawValues) + Space() + "]";

    private string Escaped(char c) =>
        "\\u" + ((int)c).ToString(_random.Next(2) == 0 ? "x4" : "X4", CultureInfo.InvariantCulture);

    private static string? ShortEscape(char c) => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\b' => "\\b",
        '\f' => "\\f",
        _ => null,
    };
}
