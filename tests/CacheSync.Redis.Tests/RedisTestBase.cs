using CacheSync.Core.Caching;
using Microsoft.Extensions.Options;
using NUnit.Framework.Constraints;
using StackExchange.Redis;

namespace CacheSync.Redis.Tests;

/// <summary>
/// Keys unique to each test (a Guid prefix), deleted after it; a cache with a 45-second tombstone TTL.
/// </summary>
public abstract class RedisTestBase
{
    protected static readonly TimeSpan TombstoneTtl = TimeSpan.FromSeconds(45);

    private readonly List<RedisKey> _keys = [];
    private string _prefix = "";

    protected static IDatabase Db => RedisServer.Connection.GetDatabase();

    protected RedisEntryCache Cache { get; private set; } = null!;

    protected static CancellationToken None => CancellationToken.None;

    [SetUp]
    public void CreateCache()
    {
        _prefix = $"cachesync-test:{Guid.NewGuid():N}:";
        Cache = NewCache();
    }

    [TearDown]
    public async Task DeleteKeysAsync()
    {
        if (_keys.Count > 0)
        {
            await Db.KeyDeleteAsync([.. _keys]);
        }

        _keys.Clear();
    }

    protected static RedisEntryCache NewCache() =>
        new(RedisServer.Connection, Options.Create(new RedisCacheOptions
        {
            Configuration = RedisServer.ConnectionString,
            TombstoneTtl = TombstoneTtl,
        }));

    /// <summary>A key unique to this test, deleted in tear-down.</summary>
    protected string Key(string name = "entry")
    {
        var key = _prefix + name;
        Track(key);
        return key;
    }

    /// <summary>This test's unique prefix; keys under it must be passed to <see cref="Track"/>.</summary>
    protected string Prefix => _prefix;

    protected void Track(RedisKey key) => _keys.Add(key);

    /// <summary>The entry's hash fields as Redis holds them.</summary>
    protected static async Task<Dictionary<string, string>> RawAsync(string key)
    {
        var fields = await Db.HashGetAllAsync(key);
        return fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
    }

    protected static Task<TimeSpan?> TtlAsync(string key) => Db.KeyTimeToLiveAsync(key);

    protected static Dictionary<string, string> LiveFields(long version, string data) => new(StringComparer.Ordinal)
    {
        ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["state"] = "live",
        ["data"] = data,
    };

    protected static Dictionary<string, string> TombstoneFields(long version, string state) => new(StringComparer.Ordinal)
    {
        ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["state"] = state,
    };

    protected static string Data(long version) => $$"""{"id":"r-1","version":{{version}}}""";

    protected Task<CacheWriteOutcome> SetAsync(string key, long version, TimeSpan? ttl = null) =>
        Cache.SetIfNewerAsync(key, version, Data(version), ttl, None);

    protected Task<CacheWriteOutcome> FillAsync(string key, long version, TimeSpan? ttl = null) =>
        Cache.FillIfNotFencedAsync(key, version, Data(version), ttl, None);

    protected Task<CacheWriteOutcome> InvalidateAsync(string key, long version, InvalidationKind kind = InvalidationKind.Invalidated) =>
        Cache.InvalidateAsync(key, version, kind, None);

    /// <summary>The TTL is set and no longer than <paramref name="configured"/>, nor much shorter (the test is quick).</summary>
    protected static IResolveConstraint AboutTtl(TimeSpan configured) =>
        Is.Not.Null.And.InRange(configured - TimeSpan.FromSeconds(10), configured);
}
