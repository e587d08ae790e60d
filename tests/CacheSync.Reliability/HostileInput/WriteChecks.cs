using System.Globalization;
using CacheSync.Contracts;
using CacheSync.Core.Storage;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Says whether a valid event really landed: its record in the store at its version with its data (or a tombstone),
/// and in Redis the value (write-through), or an invalidation (write-around) or a delete tombstone at its version.
/// </summary>
internal static class WriteChecks
{
    /// <returns>What is wrong, or null when both the store and the cache hold the write.</returns>
    public static string? Problem(ExpectedWrite write, StoredRecord? stored, IReadOnlyDictionary<string, string> cache)
    {
        var version = write.Version.ToString(CultureInfo.InvariantCulture);
        if (stored is null) return $"{write.Entity}/{write.Key}: not in the store";
        if (stored.Version != write.Version) return $"{write.Entity}/{write.Key}: the store holds v{stored.Version}, not v{write.Version}";
        if (stored.IsDeleted != (write.Op == EventOperation.Delete)) return $"{write.Entity}/{write.Key}: deleted={stored.IsDeleted} in the store after {write.Op}";
        if (write.Op == EventOperation.Upsert && stored.DataJson != write.DataJson) return $"{write.Entity}/{write.Key}: the store holds {stored.DataJson}, not {write.DataJson}";

        var (state, data) = write switch
        {
            { Op: EventOperation.Delete } => ("deleted", (string?)null),
            { Entity: "audit_entry" } => ("invalidated", null),
            _ => ("live", write.DataJson),
        };
        if (cache.GetValueOrDefault("version") != version || cache.GetValueOrDefault("state") != state)
        {
            return $"{write.Entity}/{write.Key}: the cache holds version={cache.GetValueOrDefault("version")} state={cache.GetValueOrDefault("state")}, not {version} {state}";
        }

        return data is not null && cache.GetValueOrDefault("data") != data
            ? $"{write.Entity}/{write.Key}: the cache holds {cache.GetValueOrDefault("data")}, not {data}"
            : null;
    }
}
