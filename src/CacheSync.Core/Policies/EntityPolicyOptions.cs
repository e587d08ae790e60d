namespace CacheSync.Core.Policies;

/// <summary>One entity's policy as written in configuration (<c>CacheSync:Entities:&lt;name&gt;</c>).</summary>
public sealed class EntityPolicyOptions
{
    /// <summary><c>WriteThrough</c> (default) or <c>WriteAround</c>; text, so a typo gets a message naming the setting.</summary>
    public string Strategy { get; set; } = nameof(CacheStrategy.WriteThrough);

    /// <summary>The Redis key of a record, e.g. <c>user:{key}:model</c>. Required.</summary>
    public string CacheKey { get; set; } = string.Empty;

    /// <summary>How long a cached value lives; empty means no expiry.</summary>
    public TimeSpan? Ttl { get; set; }

    /// <summary>Other keys one write invalidates, e.g. <c>user:{data.user_id}:models</c>.</summary>
    public IList<string> DependentKeys { get; } = [];

    /// <summary>The store table; defaults to the entity's name.</summary>
    public string? Table { get; set; }

    /// <summary>Fields an upsert's data must carry.</summary>
    public IList<string> Required { get; } = [];

    /// <summary>Largest data object accepted, in bytes of JSON.</summary>
    public int MaxPayloadBytes { get; set; } = 64 * 1024;
}
