namespace CacheSync.Reliability.Accounting;

/// <summary>
/// Where one entity's records live, read from the worker's own flat settings (so the accounting looks exactly
/// where the worker writes): its store table, its cache key template and its strategy.
/// </summary>
public sealed record EntityLayout(string Entity, string Table, string CacheKeyTemplate, bool WriteThrough)
{
    public string CacheKey(string key) => CacheKeyTemplate.Replace("{key}", key, StringComparison.Ordinal).Replace("{entity}", Entity, StringComparison.Ordinal);

    public static IReadOnlyDictionary<string, EntityLayout> From(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        const string prefix = "CacheSync:Entities:";
        var entities = settings.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..].Split(':')[0])
            .Distinct(StringComparer.Ordinal);
        return entities.ToDictionary(e => e, e => new EntityLayout(
            e,
            settings.GetValueOrDefault($"{prefix}{e}:Table") ?? e,
            settings.GetValueOrDefault($"{prefix}{e}:CacheKey") ?? throw new InvalidOperationException($"no cache key for entity {e}"),
            !string.Equals(settings.GetValueOrDefault($"{prefix}{e}:Strategy"), "WriteAround", StringComparison.OrdinalIgnoreCase)), StringComparer.Ordinal);
    }
}
