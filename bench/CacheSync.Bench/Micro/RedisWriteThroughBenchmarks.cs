using BenchmarkDotNet.Attributes;
using CacheSync.Core.Caching;
using CacheSync.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CacheSync.Bench.Micro;

/// <summary>
/// The write-through apply (<c>set_if_newer.lua</c>) as the worker calls it, against a plain SET of the same value
/// with the same TTL: the difference is what the version fence costs in one round trip to the real local Redis.
/// </summary>
[MemoryDiagnoser]
public class RedisWriteThroughBenchmarks
{
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(1);

    private BenchmarkRedis _redis = null!;
    private RedisEntryCache _cache = null!;
    private IDatabase _database = null!;
    private string _entryKey = null!;
    private string _plainKey = null!;
    private string _dataJson = null!;
    private long _version;

    [Params(SamplePayloads.Small, SamplePayloads.Medium, SamplePayloads.Large)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _redis = new BenchmarkRedis();
        _cache = new RedisEntryCache(_redis.Connection, Options.Create(new RedisCacheOptions()));
        _database = _redis.Database;
        _entryKey = _redis.Key($"user_model:{PayloadBytes}");
        _plainKey = _redis.Key($"plain:{PayloadBytes}");
        _dataJson = SamplePayloads.DataJson(PayloadBytes);
        _version = SamplePayloads.Version;
    }

    [GlobalCleanup]
    public void Cleanup() => _redis.Dispose();

    [Benchmark(Baseline = true)]
    public Task<bool> PlainStringSet() => _database.StringSetAsync(_plainKey, _dataJson, Ttl);

    /// <summary>A newer version every call, so each call takes the write path (HGET, DEL, HSET, PEXPIRE), not the fenced early exit.</summary>
    [Benchmark]
    public Task<CacheWriteOutcome> SetIfNewerScript() =>
        _cache.SetIfNewerAsync(_entryKey, ++_version, _dataJson, Ttl, CancellationToken.None);
}
