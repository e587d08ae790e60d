using System.ComponentModel.DataAnnotations;

namespace CacheSync.Redis;

/// <summary>The <c>CacheSync:Redis</c> section.</summary>
public sealed class RedisCacheOptions
{
    public const string SectionName = "CacheSync:Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c> or <c>redis1:6379,redis2:6379,password=…,ssl=true</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Configuration { get; set; } = "localhost:6379";

    /// <summary>How long an invalidation or delete tombstone lives; longer than any reader's store read.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan TombstoneTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an applied event id is remembered; longer than any redelivery or producer retry.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Prefix of idempotency records: <c>&lt;prefix&gt;{&lt;cache key&gt;}:&lt;event id&gt;</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string IdempotencyKeyPrefix { get; set; } = "cachesync:applied:";
}
