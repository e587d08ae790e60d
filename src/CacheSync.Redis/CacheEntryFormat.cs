using System.Globalization;
using StackExchange.Redis;

namespace CacheSync.Redis;

/// <summary>Reads the hash fields of a cache entry: <c>version</c>, <c>state</c> and, when live, <c>data</c>.</summary>
internal static class CacheEntryFormat
{
    public static CacheEntry? Parse(HashEntry[] fields, TimeSpan? timeToLive)
    {
        if (fields.Length == 0) return null;
        var map = fields.ToDictionary(f => f.Name.ToString(), f => f.Value, StringComparer.Ordinal);
        var version = map.TryGetValue("version", out var v) && long.TryParse(v.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new FormatException("A CacheSync entry must have a decimal 'version' field.");
        var state = map.TryGetValue("state", out var s) ? s.ToString() : "live";
        return new CacheEntry(
            version,
            state switch
            {
                "invalidated" => CacheEntryState.Invalidated,
                "deleted" => CacheEntryState.Deleted,
                _ => CacheEntryState.Live,
            },
            map.TryGetValue("data", out var data) ? data.ToString() : null,
            timeToLive);
    }
}
