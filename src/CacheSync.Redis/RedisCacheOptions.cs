namespace CacheSync.Redis;

/// <summary>The <c>CacheSync:Redis</c> section.</summary>
public sealed class RedisCacheOptions
{
    public const string SectionName = "CacheSync:Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c> or <c>redis1:6379,redis2:6379,password=…,ssl=true</c>.</summary>
    public string Configuration { get; set; } = "localhost:6379";

    /// <summary>How long an invalidation or delete tombstone lives; longer than any reader's store read.</summary>
    public TimeSpan TombstoneTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an applied event id is remembered; longer than any redelivery or producer retry.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Prefix of idempotency records: <c>&lt;prefix&gt;{&lt;cache key&gt;}:&lt;event id&gt;</c>.</summary>
    public string IdempotencyKeyPrefix { get; set; } = "cachesync:applied:";

    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Configuration)) yield return $"{SectionName}:Configuration: must not be empty.";
        if (TombstoneTtl < TimeSpan.FromSeconds(1) || TombstoneTtl > TimeSpan.FromDays(7))
        {
            yield return $"{SectionName}:TombstoneTtl: must be between 00:00:01 and 7.00:00:00, not {TombstoneTtl}.";
        }

        if (IdempotencyRetention < TimeSpan.FromSeconds(1) || IdempotencyRetention > TimeSpan.FromDays(365))
        {
            yield return $"{SectionName}:IdempotencyRetention: must be between 00:00:01 and 365.00:00:00, not {IdempotencyRetention}.";
        }

        if (string.IsNullOrWhiteSpace(IdempotencyKeyPrefix)) yield return $"{SectionName}:IdempotencyKeyPrefix: must not be empty.";
    }
}
