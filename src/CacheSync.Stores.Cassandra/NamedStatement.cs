using System.Text.RegularExpressions;

namespace CacheSync.Stores.Cassandra;

internal enum NamedStatementKind
{
    Write,
    Delete,
    Read,
}

/// <summary>What a placeholder binds: the event's key, its version, its whole data object, or one field of it.</summary>
internal readonly record struct StatementParameter(StatementParameterKind Kind, string[]? DataPath)
{
    public string Name => Kind switch
    {
        StatementParameterKind.Key => "{key}",
        StatementParameterKind.Version => "{version}",
        StatementParameterKind.Data => "{data}",
        _ => "{data." + string.Join('.', DataPath!) + "}",
    };
}

internal enum StatementParameterKind
{
    Key,
    Version,
    Data,
    DataField,
}

/// <summary>
/// A configured CQL statement such as
/// <c>INSERT INTO app.models (user_id, id, name) VALUES ({data.user_id}, {key}, {data.name}) USING TIMESTAMP {version}</c>:
/// each placeholder becomes a <c>?</c> bind marker and its value is bound by the column type the server reports,
/// so no event value is ever spliced into CQL text.
/// </summary>
internal sealed partial class NamedStatement
{
    private NamedStatement(string text, string cql, IReadOnlyList<StatementParameter> parameters)
    {
        Text = text;
        Cql = cql;
        Parameters = parameters;
    }

    /// <summary>As configured, with placeholders.</summary>
    public string Text { get; }

    /// <summary>As sent to PREPARE, with bind markers.</summary>
    public string Cql { get; }

    public IReadOnlyList<StatementParameter> Parameters { get; }

    public static NamedStatement Parse(string text, NamedStatementKind kind) =>
        Check(text, kind) is { } error ? throw new FormatException(error) : Compile(text);

    /// <summary>Why the text is not a usable statement of that kind, or null when it is.</summary>
    public static string? Check(string? text, NamedStatementKind kind)
    {
        if (string.IsNullOrWhiteSpace(text)) return "the statement is empty.";
        if (text.Contains('?', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal) && BindNameMarker().IsMatch(text))
        {
            return "use placeholders ({key}, {version}, {data}, {data.field}) instead of ? or :name bind markers.";
        }

        var outsideLiterals = StringLiteral().Replace(text, string.Empty);
        if (Placeholder().Count(outsideLiterals) != Placeholder().Count(text))
        {
            return "has a placeholder inside a string literal: write {key}, not '{key}' (values are bound, never quoted).";
        }

        var stray = StringLiteral().Replace(Placeholder().Replace(text, string.Empty), string.Empty);
        if (stray.Contains('{', StringComparison.Ordinal) || stray.Contains('}', StringComparison.Ordinal))
        {
            return "has an unknown placeholder (use {key}, {version}, {data} or {data.field}).";
        }

        var parameters = Compile(text).Parameters;
        switch (kind)
        {
            case NamedStatementKind.Write or NamedStatementKind.Delete when !UsingTimestamp().IsMatch(text):
                // Without the version as the write timestamp, a late, older event would overwrite a newer one.
                return "must say USING TIMESTAMP {version}, so Cassandra orders writes by the event's version.";
            case NamedStatementKind.Delete when parameters.Any(p => p.Kind is StatementParameterKind.Data or StatementParameterKind.DataField):
                return "a delete event carries no data: use only {key} and {version}.";
            case NamedStatementKind.Read when parameters.Any(p => p.Kind != StatementParameterKind.Key):
                return "may bind only {key}.";
            case NamedStatementKind.Read when !VersionColumn().IsMatch(text):
                return "must select the record's version as a column named version (e.g. WRITETIME(name) AS version).";
            default:
                return null;
        }
    }

    private static NamedStatement Compile(string text)
    {
        var parameters = new List<StatementParameter>();
        var cql = Placeholder().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            parameters.Add(name switch
            {
                "key" => new StatementParameter(StatementParameterKind.Key, null),
                "version" => new StatementParameter(StatementParameterKind.Version, null),
                "data" => new StatementParameter(StatementParameterKind.Data, null),
                _ => new StatementParameter(StatementParameterKind.DataField, name["data.".Length..].Split('.')),
            });
            return "?";
        });
        return new NamedStatement(text, cql, parameters);
    }

    public override string ToString() => Text;

    [GeneratedRegex(@"\{(key|version|data|data(?:\.[A-Za-z0-9_]+)+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"USING\s+(?:TTL\s+\d+\s+AND\s+)?TIMESTAMP\s+\{version\}", RegexOptions.IgnoreCase)]
    private static partial Regex UsingTimestamp();

    [GeneratedRegex(@"\bAS\s+version\b|\bSELECT\b.*\bversion\b.*\bFROM\b", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex VersionColumn();

    [GeneratedRegex("'[^']*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<![:\w]):[A-Za-z_]\w*")]
    private static partial Regex BindNameMarker();
}
