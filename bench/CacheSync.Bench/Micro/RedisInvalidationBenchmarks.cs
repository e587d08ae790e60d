using BenchmarkDotNet.Attributes;
using CacheSync.Core.Caching;
using CacheSync.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CacheSync.Bench.Micro;

/// <summary>
/// The invalidation scripts as the worker calls them: <c>invalidate.lua</c> for a write-around upsert (a tombstone
/// at the record's version) and <c>invalidate_dependent.lua</c> for each dependent key, against a plain SET of a
/// tombstone-sized value with the tombstone TTL. None of them carries the payload, so payload size is no parameter.
/// </summary>
[MemoryDiagnoser]
public class RedisInvalidationBenchmarks
{
    private static readonly TimeSpan TombstoneTtl = new RedisCacheOptions().TombstoneTtl;

    private BenchmarkRedis _redis = null!;
    private RedisEntryCache _cache = null!;
    private IDatabase _database = null!;
    private string _entryKey = null!;
    private string _dependentKey = null!;
    private string _plainKey = null!;
    private long _version;

    [GlobalSetup]
    public void Setup()
    {
        _redis = new BenchmarkRedis();
        _cache = new RedisEntryCache(_redis.Connection, Options.Create(new RedisCacheOptions()));
        _database = _redis.Database;
        _entryKey = _redis.Key("audit_entry:42");
        _dependentKey = _redis.Key("user:7:models");
        _plainKey = _redis.Key("plain:tombstone");
        _version = SamplePayloads.Version;
    }

    [GlobalCleanup]
    public void Cleanup() => _redis.Dispose();

    [Benchmark(Baseline = true)]
    public Task<bool> PlainStringSet() => _database.StringSetAsync(_plainKey, "invalidated", TombstoneTtl);

    /// <summary>A newer version every call, so each call writes the tombstone rather than being fenced.</summary>
    [Benchmark]
    public Task<CacheWriteOutcome> InvalidateScript() =>
        _cache.InvalidateAsync(_entryKey, ++_version, InvalidationKind.Invalidated, CancellationToken.None);

    [Benchmark]
    public Task InvalidateDependentScript() => _cache.InvalidateDependentAsync(_dependentKey, ++_version, CancellationToken.None);
}
