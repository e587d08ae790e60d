using System.Text;
using CacheSync.Contracts;
using FsCheck;
using FsCheck.Fluent;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// An otherwise valid event with one string megabytes long, in any member (or as the name of an unknown one), written
/// as ASCII, as 2-, 3- and 4-byte UTF-8, or as escapes. Sizes are bounded (a few megabytes) so memory stays bounded.
/// </summary>
internal static class HugeStrings
{
    private const string Base = """{"id":"huge","entity":"e","key":"k","op":"upsert","version":1,"data":{"a":1}}""";

    // Pieces already written as JSON string content, with the bytes each takes in the body.
    private static readonly (string Json, int Bytes)[] Pieces = [("a", 1), ("é", 2), ("漢", 3), ("😀", 4), ("\\u0041", 6), ("\\\"", 2), ("%", 1)];

    private static readonly string[] Places = ["id", "entity", "key", "op", "links", "version", "occurredAt", "data", "stranger", "stranger name"];

    public static Gen<HostileCase> Any =>
        from place in Gen.Elements(Places)
        from piece in Gen.Elements(Pieces)
        from megabytes in Gen.Elements(0.1, 1.0, 1.5, 4.0)
        select Build(place, piece, (int)(megabytes * 1024 * 1024 / piece.Bytes));

    private static HostileCase Build(string place, (string Json, int Bytes) piece, int repeats)
    {
        var builder = new StringBuilder(repeats * piece.Json.Length + 2).Append('"');
        for (var i = 0; i < repeats; i++) builder.Append(piece.Json);
        var huge = builder.Append('"').ToString();
        var text = place switch
        {
            "links" => Insert($"\"links\":[{huge}]"),
            "data" => Insert($"\"data\":{{\"blob\":{huge}}}", replacing: "\"data\":{\"a\":1}"),
            "stranger" => Insert($"\"stranger\":{huge}"),
            "stranger name" => Insert($"{huge}:1"),
            "version" => Insert($"\"version\":\"{new string('9', repeats * piece.Bytes)}\"", replacing: "\"version\":1"),
            _ => Insert($"\"{place}\":{huge}", replacing: Member(place)),
        };
        var verdict = place switch
        {
            "id" or "entity" or "key" or "links" or "occurredAt" => ContractReasons.InvalidValue,
            "op" => ContractReasons.UnknownOp,
            "version" => ContractReasons.WrongType,
            _ => HostileCase.Valid,
        };
        return new HostileCase("huge", $"{place} of {repeats:N0} × '{piece.Json}'", Encoding.UTF8.GetBytes(text), HostileCase.Expect(verdict));
    }

    private static string Member(string name) =>
        Base.Split(',').Select(m => m.TrimStart('{').TrimEnd('}')).FirstOrDefault(m => m.StartsWith($"\"{name}\"", StringComparison.Ordinal))
        ?? "\"nothing-to-replace\"";

    private static string Insert(string member, string? replacing = null) =>
        replacing is not null && Base.Contains(replacing, StringComparison.Ordinal)
            ? Base.Replace(replacing, member, StringComparison.Ordinal)
            : Base[..^1] + "," + member + "}";
}
