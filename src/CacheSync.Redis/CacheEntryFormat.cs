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
        return Parse(
            map.GetValueOrDefault("version", RedisValue.Null),
            map.GetValueOrDefault("state", RedisValue.Null),
            map.GetValueOrDefault("data", RedisValue.Null),
            timeToLive)
            ?? throw new FormatException("A CacheSync entry must have a decimal 'version' field.");
    }

    /// <summary>
    /// Parses the three fields as <c>HMGET key version state data</c> returns them: all null means no entry.
    /// </summary>
    public static CacheEntry? Parse(RedisValue version, RedisValue state, RedisValue data, TimeSpan? timeToLive)
    {
        if (version.IsNull && state.IsNull && data.IsNull) return null;
        var parsed = !version.IsNull && long.TryParse(version.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException("A CacheSync entry must have a decimal 'version' field.");
        return new CacheEntry(
            parsed,
            (state.IsNull ? "live" : state.ToString()) switch
            {
                "invalidated" => CacheEntryState.Invalidated,
                "deleted" => CacheEntryState.Deleted,
                _ => CacheEntryState.Live,
            },
            data.IsNull ? null : data.ToString(),
            timeToLive);
    }
}
