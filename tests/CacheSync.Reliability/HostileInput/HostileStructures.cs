using System.Text;
using CacheSync.Contracts;
using FsCheck;
using FsCheck.Fluent;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Hostile structure around valid content: duplicate members (also spelled with escapes), nesting up to 10,000 levels
/// at the root or inside a member, closed or not, a root that is not an object, garbage or comments after or inside
/// the object, byte-order marks in the wrong places, other encodings, empty bodies. Each case carries README's answer.
/// </summary>
internal static class HostileStructures
{
    private const int MaxDepth = 64; // README: "nested deeper than 64 levels … is rejected"

    private static readonly int[] Depths = [1, 2, 30, 61, 62, 63, 64, 65, 100, 1000, 10_000];

    private static readonly string[] Garbage = ["x", "}", "{}", ",", "//c", "/*c*/", "\0", "]", "null", "{\"id\":\"again\"}", "\uFEFF"];

    private static readonly string[] NotJsonValues = ["[1,]", "{\"a\":1,}", "'single'", "NaN", "undefined", "0x1", "/*c*/1", "1 /*c*/", "tru", "\"unterminated"];

    private static readonly string[] NotObjects = ["[]", "\"x\"", "1", "null", "true", "[{\"id\":\"a\"}]", ""];

    public static Gen<HostileCase> Any { get; } =
        from valid in ValidEvents.Any
        from hostile in Gen.Frequency(
            (3, Duplicate(valid)),
            (4, Nested(valid)),
            (2, Trailing(valid)),
            (2, NotJsonMember(valid)),
            (1, NotAnObject(valid)),
            (2, StrangeName(valid)),
            (1, Encodings(valid)))
        select hostile;

    private static Gen<HostileCase> Duplicate(ValidEvent valid) =>
        from index in Gen.Choose(0, valid.Shape.Members.Count - 1)
        from position in Gen.Choose(0, valid.Shape.Members.Count)
        from same in Gen.Elements(true, false)
        let member = valid.Shape.Members[index]
        let shape = valid.Shape.Insert(position, member.Key, same ? member.Value : JsonFragment.Raw("1"))
        select new HostileCase("duplicate", $"{member.Key} twice", shape.Render(valid.Style), HostileCase.Expect(ContractReasons.BadJson));

    private static Gen<HostileCase> Nested(ValidEvent valid) =>
        from depth in Gen.Elements(Depths)
        from bracket in Gen.Elements('[', '{')
        from closed in Gen.Elements(true, true, false)
        from place in Gen.Elements("root", "data", "deep", "links", "version", "id")
        let value = Nesting(depth, bracket, closed)
        let body = place == "root" ? Encoding.UTF8.GetBytes(value) : valid.Shape.With(place, JsonFragment.Raw(value)).Render(valid.Style)
        select new HostileCase("nesting", $"{depth} levels of {bracket} in {place}{(closed ? string.Empty : ", unclosed")}", body,
            HostileCase.Expect(NestingVerdict(depth, bracket, closed, place)));

    private static string Nesting(int depth, char bracket, bool closed)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < depth; i++) builder.Append(bracket == '[' ? "[" : "{\"a\":");
        builder.Append('0');
        if (closed) builder.Append(bracket == '[' ? ']' : '}', depth);
        return builder.ToString();
    }

    private static string NestingVerdict(int depth, char bracket, bool closed, string place)
    {
        var levels = place == "root" ? depth : depth + 1;
        if (!closed || levels > MaxDepth) return ContractReasons.BadJson;
        return place switch
        {
            "root" => bracket == '[' ? ContractReasons.BadJson : ContractReasons.MissingField,
            "data" => bracket == '{' ? HostileCase.Valid : ContractReasons.WrongType,
            "deep" => HostileCase.Valid,
            _ => ContractReasons.WrongType,
        };
    }

    // Names of members nobody asked for: ignored, unless they are not text at all.
    private static Gen<HostileCase> StrangeName(ValidEvent valid) =>
        from name in Gen.Elements("\uD800", "a\uDC00", "\uDE00\uD83D", "\u0000", "\n", "{", "}", "{key}", "", "id ", "\uFEFFid")
        from raw in Gen.Elements(false, true)
        from padded in Gen.Elements(false, false, true)
        let fullName = padded ? name + new string('n', 100_000) : name
        let text = new JsonText(valid.Style)
        let member = (raw ? text.Quote(fullName, rawControls: true) : text.Quote(fullName)) + ":1"
        let body = valid.Shape.RenderText(valid.Style).TrimEnd()
        let spliced = body[..^1] + (valid.Shape.Members.Count > 0 ? "," : string.Empty) + member + "}"
        select new HostileCase("strange name", $"a member named {name.Length} chars{(padded ? " + 100,000" : string.Empty)}{(raw ? ", controls raw" : string.Empty)}",
            Encoding.UTF8.GetBytes(spliced),
            HostileCase.Expect(TextRules.HasLoneSurrogate(name) || (raw && name.Any(c => c < 0x20)) || valid.Shape.Members.Any(m => m.Key == fullName)
                ? ContractReasons.BadJson
                : HostileCase.Valid));

    private static Gen<HostileCase> Trailing(ValidEvent valid) => Gen.OneOf(
        from garbage in Gen.Elements(Garbage)
        select new HostileCase("trailing", $"followed by {garbage}", (valid.Shape with { Suffix = garbage }).Render(valid.Style),
            HostileCase.Expect(ContractReasons.BadJson)),
        from space in Gen.Elements(" ", "\n", "\r\n\t ")
        select new HostileCase("trailing", "followed by whitespace", (valid.Shape with { Suffix = space }).Render(valid.Style),
            HostileCase.Expect(HostileCase.Valid)));

    private static Gen<HostileCase> NotJsonMember(ValidEvent valid) =>
        from raw in Gen.Elements(NotJsonValues)
        from place in Gen.Elements("deep", "data", "version")
        select new HostileCase("not JSON", $"{place} = {raw}", valid.Shape.With(place, JsonFragment.Raw(raw)).Render(valid.Style),
            HostileCase.Expect(ContractReasons.BadJson));

    private static Gen<HostileCase> NotAnObject(ValidEvent valid) =>
        from text in Gen.Elements(NotObjects)
        from bom in Gen.Elements("", "\uFEFF")
        select new HostileCase("root", $"root {text}", Encoding.UTF8.GetBytes(bom + text), HostileCase.Expect(ContractReasons.BadJson));

    private static Gen<HostileCase> Encodings(ValidEvent valid)
    {
        var text = valid.Shape.RenderText(valid.Style);
        return Gen.Elements(
            new HostileCase("encoding", "UTF-16 LE", Encoding.Unicode.GetBytes(text), HostileCase.Expect(ContractReasons.BadJson)),
            new HostileCase("encoding", "UTF-16 BE with BOM", [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)], HostileCase.Expect(ContractReasons.BadJson)),
            new HostileCase("encoding", "UTF-32", Encoding.UTF32.GetBytes(text), HostileCase.Expect(ContractReasons.BadJson)),
            new HostileCase("encoding", "two byte-order marks", Encoding.UTF8.GetBytes("\uFEFF\uFEFF" + text.TrimStart('\uFEFF')), HostileCase.Expect(ContractReasons.BadJson)),
            new HostileCase("encoding", "whitespace, then a byte-order mark", Encoding.UTF8.GetBytes(" \uFEFF" + text.TrimStart('\uFEFF')), HostileCase.Expect(ContractReasons.BadJson)),
            new HostileCase("encoding", "whitespace only", " \n\t"u8.ToArray(), HostileCase.Expect(ContractReasons.BadJson)),
            new HostileCase("encoding", "a byte-order mark only", [0xEF, 0xBB, 0xBF], HostileCase.Expect(ContractReasons.BadJson)),
            new HostileCase("encoding", "empty", [], HostileCase.Expect(ContractReasons.BadJson)));
    }
}
