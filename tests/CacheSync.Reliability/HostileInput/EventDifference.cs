using System.Text.Json;
using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>Compares two events field by field (data by JSON meaning, not spelling) and says what differs.</summary>
internal static class EventDifference
{
    public static string? Between(WriteEvent expected, WriteEvent? actual)
    {
        if (actual is null) return "no event";
        if (expected.Id != actual.Id) return $"id {Show(expected.Id)} became {Show(actual.Id)}";
        if (expected.Entity != actual.Entity) return $"entity {Show(expected.Entity)} became {Show(actual.Entity)}";
        if (expected.Key != actual.Key) return $"key {Show(expected.Key)} became {Show(actual.Key)}";
        if (expected.Op != actual.Op) return $"op {expected.Op} became {actual.Op}";
        if (expected.Version != actual.Version) return $"version {expected.Version} became {actual.Version}";
        if (expected.OccurredAt != actual.OccurredAt) return $"occurredAt {expected.OccurredAt:O} became {actual.OccurredAt:O}";
        if (expected.Data.HasValue != actual.Data.HasValue ||
            (expected.Data is { } e && actual.Data is { } a && !JsonElement.DeepEquals(e, a)))
        {
            return $"data {expected.Data?.GetRawText()} became {actual.Data?.GetRawText()}";
        }

        if (!expected.Links.SequenceEqual(actual.Links, StringComparer.Ordinal)) return $"links [{expected.Links.Count}] became [{actual.Links.Count}]";
        return null;
    }

    private static string Show(string text) => text.Length <= 60 ? $"\"{text}\"" : $"\"{text[..60]}…\" ({text.Length} chars)";
}
