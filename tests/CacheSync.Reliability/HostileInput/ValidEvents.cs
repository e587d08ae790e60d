using System.Globalization;
using System.Text.Json;
using CacheSync.Contracts;
using FsCheck;
using FsCheck.Fluent;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Events anywhere in the contract's space: every allowed character, versions from 0 to <see cref="long.MaxValue"/>
/// as numbers or digit strings, optional fields present, null or absent, members in any order, strangers among
/// them (including names differing from ours only in case), with or without a byte-order mark.
/// </summary>
internal static class ValidEvents
{
    private static readonly string[] KnownNames = ["id", "entity", "key", "op", "version", "occurredAt", "data", "links"];

    // Unknown members must be ignored, however close their names come to ours.
    private static readonly string[] StrangerNames = ["ID", "Id", "Key", "OP", "Version", "data_", "links ", "", "\u0000", "__proto__", "constructor", "$type", "x-extra", "entity\u200B"];

    public static Gen<long> Version { get; } = Gen.Frequency(
        (3, Gen.Elements(0L, 1L, 9_007_199_254_740_991L, 9_007_199_254_740_992L, 9_007_199_254_740_993L, long.MaxValue - 1, long.MaxValue)),
        (5, from high in Gen.Choose(0, int.MaxValue)
            from low in Gen.Choose(0, int.MaxValue)
            from shift in Gen.Choose(0, 32)
            select ((long)high << shift) ^ low));

    public static Gen<DateTimeOffset> Instant { get; } =
        from days in Gen.Choose(0, 300 * 365)
        from ticks in Gen.Choose(0, int.MaxValue)
        from quarterHours in Gen.Choose(-56, 56)
        select new DateTimeOffset(new DateTime(1900, 1, 1).AddDays(days).AddTicks(ticks % TimeSpan.TicksPerDay), TimeSpan.FromMinutes(quarterHours * 15));

    // Leaves are drawn from a fixed list, spelled in many styles once: generating each afresh made the generator the
    // slowest part of the suite, and data is only ever carried, never read, by the decoder.
    private static readonly string[] Leaves =
    [
        "0", "-1", "1.5", "-0.0", "1e308", "-2.5E-300", "123456789012345678901234567890", "true", "false", "null",
        .. SeededProperty.Sample(ContractAlphabet.Text(24, allowBraces: true), seed: 7, count: 40).Select((text, i) => new JsonText(i).Quote(text)),
        "\"\\u0000\"", "\"\\\\u0000\"",
    ];

    // The pool a long list of links is drawn from: drawing each of 256 links afresh dominated the generator's time.
    private static readonly string[] ManyLinks = SeededProperty.Sample(ContractAlphabet.Text(40, allowBraces: false), seed: 11, count: 64);

    /// <summary>Any JSON value, as text, nested up to <paramref name="depth"/> more levels; object member names are distinct.</summary>
    public static Gen<string> JsonValue(int depth)
    {
        var leaf = Gen.Elements(Leaves);
        if (depth == 0) return leaf;
        var inner = JsonValue(depth - 1);
        return Gen.Frequency(
            (4, leaf),
            (1, from count in Gen.Choose(0, 4)
                from items in inner.ArrayOf(count)
                select "[" + string.Join(",", items) + "]"),
            (1, ObjectOf(inner, maxMembers: 4)));
    }

    /// <summary>An object with distinct member names (a duplicate name is bad JSON by the contract).</summary>
    public static Gen<string> ObjectOf(Gen<string> values, int maxMembers) =>
        from count in Gen.Choose(0, maxMembers)
        from names in Gen.Elements(Leaves.Where(l => l.StartsWith('"')).ToArray()).ArrayOf(count)
        from items in values.ArrayOf(count)
        select "{" + string.Join(",", names.Select((name, i) => $"{name.Insert(1, $"{i}:")}:{items[i]}")) + "}";

    public static Gen<string> Data { get; } = ObjectOf(JsonValue(2), maxMembers: 5);

    public static Gen<string[]> Links { get; } = Gen.Frequency(
        (6, Gen.Constant(Array.Empty<string>())),
        (4, from count in Gen.Choose(1, 5) from links in ContractAlphabet.Text(DecoderLimits.MaxKeyLength, allowBraces: false).ArrayOf(count) select links),
        (1, from count in Gen.Choose(250, DecoderLimits.MaxLinks) from links in Gen.Elements(ManyLinks).ArrayOf(count) select links));

    public static Gen<ValidEvent> Any { get; } =
        from id in ContractAlphabet.Text(DecoderLimits.MaxIdLength, allowBraces: true)
        from entity in ContractAlphabet.Text(DecoderLimits.MaxEntityLength, allowBraces: false)
        from key in ContractAlphabet.Text(DecoderLimits.MaxKeyLength, allowBraces: false)
        from op in Gen.Elements(EventOperation.Upsert, EventOperation.Delete)
        from version in Version
        from versionAsString in Gen.Elements(false, false, true)
        from leadingZeros in Gen.Choose(0, 3)
        from occurredAt in Gen.Frequency((2, Gen.Constant<DateTimeOffset?>(null)), (3, Instant.Select(i => (DateTimeOffset?)i)))
        from occurredFormat in Gen.Elements("O", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.fffK")
        from data in Data
        from dataPresence in Gen.Elements(Presence.Present, Presence.Present, Presence.Null, Presence.Absent)
        from links in Links
        from emptyPresence in Gen.Elements(Presence.Present, Presence.Null, Presence.Absent)
        from strangers in Gen.SubListOf(StrangerNames).Select(names => names.Take(4).ToArray())
        from strangerValues in JsonValue(1).ArrayOf(strangers.Length)
        from order in Gen.Shuffle(Enumerable.Range(0, 64))
        from bom in Gen.Elements(false, false, false, true)
        from style in Gen.Choose(0, int.MaxValue)
        select Build(new Choices(id, entity, key, op, version, versionAsString, leadingZeros, occurredAt, occurredFormat, data,
            op == EventOperation.Upsert ? Presence.Present : dataPresence, links, emptyPresence, strangers, strangerValues, order, bom, style));

    private enum Presence
    {
        Present,
        Null,
        Absent,
    }

    private sealed record Choices(
        string Id, string Entity, string Key, EventOperation Op, long Version, bool VersionAsString, int LeadingZeros,
        DateTimeOffset? OccurredAt, string OccurredFormat, string Data, Presence DataPresence, string[] Links, Presence EmptyPresence,
        string[] Strangers, string[] StrangerValues, int[] Order, bool Bom, int Style);

    private static ValidEvent Build(Choices c)
    {
        var versionText = c.Version.ToString(CultureInfo.InvariantCulture);
        var members = new List<KeyValuePair<string, JsonFragment>>
        {
            new("id", JsonFragment.String(c.Id)),
            new("entity", JsonFragment.String(c.Entity)),
            new("key", JsonFragment.String(c.Key)),
            new("op", JsonFragment.String(c.Op == EventOperation.Upsert ? "upsert" : "delete")),
            new("version", c.VersionAsString ? JsonFragment.String(new string('0', c.LeadingZeros) + versionText) : JsonFragment.Raw(versionText)),
        };
        if (c.OccurredAt is { } at) members.Add(new("occurredAt", JsonFragment.String(at.ToString(c.OccurredFormat, CultureInfo.InvariantCulture))));
        else if (c.EmptyPresence == Presence.Null) members.Add(new("occurredAt", JsonFragment.Raw("null")));

        if (c.DataPresence == Presence.Present) members.Add(new("data", JsonFragment.Raw(c.Data)));
        else if (c.DataPresence == Presence.Null) members.Add(new("data", JsonFragment.Raw("null")));

        if (c.Links.Length > 0) members.Add(new("links", JsonFragment.Array(c.Links.Select(JsonFragment.String))));
        else if (c.EmptyPresence != Presence.Absent) members.Add(new("links", JsonFragment.Raw(c.EmptyPresence == Presence.Null ? "null" : "[]")));

        for (var i = 0; i < c.Strangers.Length; i++) members.Add(new(c.Strangers[i], JsonFragment.Raw(c.StrangerValues[i])));
        var ordered = members.Select((m, i) => (m, rank: c.Order[i % c.Order.Length] * 64 + i)).OrderBy(x => x.rank).Select(x => x.m).ToList();

        var expected = new WriteEvent
        {
            Id = c.Id,
            Entity = c.Entity,
            Key = c.Key,
            Op = c.Op,
            Version = c.Version,
            // The decoder keeps the instant, in UTC; formats without fractions drop the rest.
            OccurredAt = c.OccurredAt is { } instant
                ? DateTimeOffset.Parse(instant.ToString(c.OccurredFormat, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToUniversalTime()
                : null,
            Data = c.DataPresence == Presence.Present ? JsonDocument.Parse(c.Data).RootElement.Clone() : null,
            Links = c.Links,
        };
        return new ValidEvent(expected, new EventShape(ordered) { Prefix = c.Bom ? "\uFEFF" : string.Empty }, c.Style);
    }

    /// <summary>Names of the contract's own members, which hostile variations target.</summary>
    public static IReadOnlyList<string> Members => KnownNames;
}
