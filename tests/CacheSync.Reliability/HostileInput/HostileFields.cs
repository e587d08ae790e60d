using CacheSync.Contracts;
using FsCheck;
using FsCheck.Fluent;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// A valid event with exactly one member made hostile: the wrong JSON type for every field, a required field missing,
/// text with control characters, braces, template and glob characters, half surrogate pairs, raw control bytes, empty
/// or over-long text, unknown ops, bad dates, too many links. Each case carries README's answer.
/// </summary>
internal static class HostileFields
{
    private static readonly string[] NotAString = ["1", "-1", "1.5", "true", "false", "null", "{}", "[]", "[\"x\"]", "{\"a\":\"b\"}"];
    private static readonly string[] NotAVersion = ["true", "false", "null", "{}", "[]", "[1]", "{\"v\":1}"];
    private static readonly string[] NotADate = ["1", "1700000000", "true", "{}", "[]", "[\"2025-01-01T00:00:00Z\"]"];
    private static readonly string[] NotAnObject = ["1", "\"x\"", "true", "[]", "[{}]", "\"{}\""];
    private static readonly string[] NotAnArrayOfStrings = ["1", "\"x\"", "true", "{}", "{\"0\":\"a\"}", "[1]", "[null]", "[[]]", "[{}]", "[\"ok\",2]", "[true]"];

    private static readonly string[] BadDates =
    [
        "", "yesterday", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T00:00:00+99:00",
        "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2025-01-01 00:00:00Z", "01/02/2025", "\u0661\u0662",
    ];

    private static readonly string[] GoodDates = ["2025-01-01T00:00:00Z", "2025-01-01T00:00:00.1234567+05:30", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"];

    private static readonly string[] OpTexts = ["Upsert", "UPSERT", "upsert ", " delete", "insert", "remove", "", "null", "upsert\u0000", "delete\n", "\uD800", "up\uDC00sert", "deleté"];

    // What breaks keys and parsers; the rules decide which of them the contract forbids.
    private static readonly string[] PoisonPieces =
    [
        "\u0000", "\u0001", "\t", "\n", "\r", "\u001B", "\u001F", "\u007F", "\u0080", "\u0085", "\u009F", "{", "}", "{key}", "{data.x}",
        "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDE00\uD83D", ":", "*", "?", "[", "]", " ", "\u2028", "\uFEFF",
    ];

    public static Gen<HostileCase> Any { get; } =
        from valid in ValidEvents.Any
        from hostile in Gen.Frequency(
            (3, WrongType(valid)),
            (1, Missing(valid)),
            (6, HostileText(valid)),
            (2, OverlongText(valid)),
            (2, HostileOp(valid)),
            (2, HostileDate(valid)),
            (1, TooManyLinks(valid)))
        select hostile;

    private static HostileCase Case(string kind, string what, ValidEvent valid, EventShape shape, params string[] acceptable) =>
        new(kind, what, shape.Render(valid.Style), HostileCase.Expect(acceptable));

    private static Gen<HostileCase> WrongType(ValidEvent valid)
    {
        var upsert = valid.Event.Op == EventOperation.Upsert;
        return Gen.OneOf(
            from field in Gen.Elements("id", "entity", "key", "op") from raw in Gen.Elements(NotAString)
            select Case("wrong type", $"{field} = {raw}", valid, valid.Shape.With(field, JsonFragment.Raw(raw)), ContractReasons.WrongType),
            from raw in Gen.Elements(NotAVersion)
            select Case("wrong type", $"version = {raw}", valid, valid.Shape.With("version", JsonFragment.Raw(raw)), ContractReasons.WrongType),
            from raw in Gen.Elements(NotADate)
            select Case("wrong type", $"occurredAt = {raw}", valid, valid.Shape.With("occurredAt", JsonFragment.Raw(raw)), ContractReasons.WrongType),
            from raw in Gen.Elements(NotAnObject)
            select Case("wrong type", $"data = {raw}", valid, valid.Shape.With("data", JsonFragment.Raw(raw)), ContractReasons.WrongType),
            Gen.Constant(Case("null", "data = null", valid, valid.Shape.With("data", JsonFragment.Raw("null")),
                upsert ? ContractReasons.MissingField : HostileCase.Valid)),
            Gen.Constant(Case("null", "occurredAt and links = null", valid,
                valid.Shape.With("occurredAt", JsonFragment.Raw("null")).With("links", JsonFragment.Raw("null")), HostileCase.Valid)),
            from raw in Gen.Elements(NotAnArrayOfStrings)
            select Case("wrong type", $"links = {raw}", valid, valid.Shape.With("links", JsonFragment.Raw(raw)), ContractReasons.WrongType));
    }

    private static Gen<HostileCase> Missing(ValidEvent valid) =>
        from field in Gen.Elements("id", "entity", "key", "op", "version", "data", "occurredAt", "links")
        let required = field is "id" or "entity" or "key" or "op" or "version" || (field == "data" && valid.Event.Op == EventOperation.Upsert)
        select Case("missing", field, valid, valid.Shape.Without(field), required ? ContractReasons.MissingField : HostileCase.Valid);

    private static Gen<HostileCase> HostileText(ValidEvent valid) =>
        from field in Gen.Elements(TextRules.All.ToArray())
        from text in ContractAlphabet.Text(field.MaxLength - 4, allowBraces: !field.BracesForbidden)
        from count in Gen.Choose(1, 2)
        from pieces in Gen.Elements(PoisonPieces).ArrayOf(count)
        from at in Gen.Choose(0, text.Length)
        from raw in Gen.Elements(false, false, true)
        let value = text.Insert(at, string.Concat(pieces))
        let shape = WithText(valid, field, value, raw)
        select Case("hostile text", $"{field.Name} = {Escape(value)}{(raw ? " (controls raw)" : string.Empty)}", valid, shape,
            TextRules.Verdict(field, value, raw));

    private static Gen<HostileCase> OverlongText(ValidEvent valid) =>
        from field in Gen.Elements(TextRules.All.ToArray())
        from extra in Gen.Frequency((3, Gen.Choose(1, 3)), (1, Gen.Choose(4, 5000)))
        from piece in Gen.Elements("a", "é", "😀", "%", "漢")
        from empty in Gen.Elements(false, false, false, true)
        let value = empty ? string.Empty : ContractAlphabet.Fit(string.Concat(Enumerable.Repeat(piece, field.MaxLength + extra + 1)), field.MaxLength + extra)
        select Case("length", $"{field.Name} of {value.Length} chars (limit {field.MaxLength})", valid, WithText(valid, field, value, rawControls: false),
            TextRules.Verdict(field, value, rawControls: false));

    private static EventShape WithText(ValidEvent valid, TextRules.Field field, string value, bool rawControls)
    {
        var fragment = rawControls ? JsonFragment.StringWithRawControls(value) : JsonFragment.String(value);
        return field == TextRules.Link
            ? valid.Shape.With("links", JsonFragment.Array(valid.Event.Links.Take(5).Select(JsonFragment.String).Append(fragment)))
            : valid.Shape.With(field.Name, fragment);
    }

    private static Gen<HostileCase> HostileOp(ValidEvent valid) =>
        from text in Gen.Elements([.. OpTexts, "upsert", "delete"])
        from raw in Gen.Elements(false, true)
        select Case("op", $"op = {Escape(text)}", valid, valid.Shape.With("op", raw ? JsonFragment.StringWithRawControls(text) : JsonFragment.String(text)),
            OpVerdict(valid, text, raw));

    private static string OpVerdict(ValidEvent valid, string op, bool rawControls)
    {
        if (TextRules.HasLoneSurrogate(op) || (rawControls && op.Any(c => c < 0x20))) return ContractReasons.BadJson;
        if (op == "delete") return HostileCase.Valid;
        if (op == "upsert") return valid.Event.Data is null ? ContractReasons.MissingField : HostileCase.Valid;
        return ContractReasons.UnknownOp;
    }

    private static Gen<HostileCase> HostileDate(ValidEvent valid) => Gen.OneOf(
        from text in Gen.Elements(BadDates)
        select Case("occurredAt", $"occurredAt = {Escape(text)}", valid, valid.Shape.With("occurredAt", JsonFragment.String(text)), ContractReasons.InvalidValue),
        from text in Gen.Elements(GoodDates)
        select Case("occurredAt", $"occurredAt = {text}", valid, valid.Shape.With("occurredAt", JsonFragment.String(text)), HostileCase.Valid),
        Gen.Constant(Case("occurredAt", "occurredAt = half a surrogate pair", valid, valid.Shape.With("occurredAt", JsonFragment.String("\uD800")),
            ContractReasons.InvalidValue, ContractReasons.BadJson)));

    private static Gen<HostileCase> TooManyLinks(ValidEvent valid) =>
        from count in Gen.Frequency((1, Gen.Constant(DecoderLimits.MaxLinks)), (3, Gen.Choose(DecoderLimits.MaxLinks + 1, DecoderLimits.MaxLinks + 300)))
        let links = Enumerable.Range(0, count).Select(i => JsonFragment.String($"l:{i}"))
        select Case("links", $"{count} links (limit {DecoderLimits.MaxLinks})", valid, valid.Shape.With("links", JsonFragment.Array(links)),
            count > DecoderLimits.MaxLinks ? ContractReasons.InvalidValue : HostileCase.Valid);

    private static string Escape(string text)
    {
        var shown = text.Length <= 60 ? text : text[..60] + "…";
        return "\"" + string.Concat(shown.Select(c => c < 0x20 || c is >= '\u007F' and <= '\u009F' || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString())) + "\"";
    }
}
