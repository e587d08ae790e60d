using CacheSync.Core.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CacheSync.Redis;

/// <summary>
/// Applied event ids as Redis keys with a retention TTL: <c>&lt;prefix&gt;{&lt;cache key&gt;}:&lt;event id&gt;</c>.
/// The hash tag puts the record in the same Redis Cluster slot as the entry it guards.
/// </summary>
public sealed class RedisIdempotencyLog : IIdempotencyLog
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisCacheOptions _options;

    public RedisIdempotencyLog(IConnectionMultiplexer redis, IOptions<RedisCacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _options = options.Value;
    }

    public async Task<string?> RecordedByAsync(string scope, string eventId, CancellationToken cancellationToken) =>
        await _redis.GetDatabase().StringGetAsync(RecordKey(scope, eventId)).WaitAsync(cancellationToken).ConfigureAwait(false);

    // Records written before delivery tokens existed hold "1": never a token, so they read as another copy's.
    public Task RecordAppliedAsync(string scope, string eventId, string deliveryToken, CancellationToken cancellationToken) =>
        _redis.GetDatabase().StringSetAsync(RecordKey(scope, eventId), deliveryToken, _options.IdempotencyRetention, When.NotExists)
            .WaitAsync(cancellationToken);

    public RedisKey RecordKey(string scope, string eventId) => $"{_options.IdempotencyKeyPrefix}{{{scope}}}:{eventId}";
}
