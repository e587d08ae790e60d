namespace CacheSync.Core.Policies;

/// <summary>One entity's validated, compiled policy.</summary>
public sealed record EntityPolicy
{
    public required string Entity { get; init; }

    public required CacheStrategy Strategy { get; init; }

    public required KeyTemplate CacheKey { get; init; }

    public TimeSpan? Ttl { get; init; }

    public IReadOnlyList<KeyTemplate> DependentKeys { get; init; } = [];

    public required string Table { get; init; }

    public IReadOnlyList<string> Required { get; init; } = [];

    public int MaxPayloadBytes { get; init; } = 64 * 1024;

    /// <summary>True when some dependent key reads the record's data, so a delete must look up what it deletes.</summary>
    public bool DependentKeysNeedData => DependentKeys.Any(t => t.NeedsData);
}
