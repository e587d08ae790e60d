using CacheSync.Core.Processing;

namespace CacheSync.Core.Policies;

/// <summary>The <c>CacheSync</c> configuration section: entity policies and processing limits.</summary>
public sealed class CacheSyncOptions
{
    public const string SectionName = "CacheSync";

    public IDictionary<string, EntityPolicyOptions> Entities { get; } =
        new Dictionary<string, EntityPolicyOptions>(StringComparer.Ordinal);

    /// <summary>Largest message body the decoder accepts, in bytes.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    public RetryOptions Retry { get; set; } = new();

    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();
}
