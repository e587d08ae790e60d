using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CacheSync.Core.Policies;

/// <summary>The entity policies in force, compiled once from validated configuration.</summary>
public sealed partial class EntityPolicyCatalog
{
    private readonly Dictionary<string, EntityPolicy> _policies;

    public EntityPolicyCatalog(IEnumerable<EntityPolicy> policies)
    {
        _policies = policies.ToDictionary(p => p.Entity, StringComparer.Ordinal);
    }

    /// <summary>Compiles the configured policies; throws with every problem listed when they are not valid.</summary>
    public static EntityPolicyCatalog FromOptions(CacheSyncOptions options) => new(Compile(options));

    public IReadOnlyCollection<EntityPolicy> All => _policies.Values;

    public bool TryGet(string entity, [NotNullWhen(true)] out EntityPolicy? policy) => _policies.TryGetValue(entity, out policy);

    /// <summary>Every problem in the configured policies, each naming its setting; empty when all is well.</summary>
    public static IReadOnlyList<string> Validate(CacheSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Entities.Count == 0)
        {
            errors.Add($"{CacheSyncOptions.SectionName}:Entities: no entity policies are configured; the worker would dead-letter every event.");
        }

        foreach (var (name, policy) in options.Entities)
        {
            var path = $"{CacheSyncOptions.SectionName}:Entities:{name}";
            if (!EntityNamePattern().IsMatch(name))
            {
                errors.Add($"{path}: the entity name must match {EntityNamePattern()}.");
            }

            if (policy is null)
            {
                errors.Add($"{path}: the policy is empty.");
                continue;
            }

            if (!TryParseStrategy(policy.Strategy, out _))
            {
                errors.Add($"{path}:Strategy: '{policy.Strategy}' is not a strategy (WriteThrough or WriteAround).");
            }

            if (!KeyTemplate.TryParse(policy.CacheKey, out var cacheKey, out var keyError))
            {
                errors.Add($"{path}:CacheKey: the template {keyError}.");
            }
            else if (cacheKey!.NeedsData || cacheKey.UsesVersion)
            {
                // A key that changes with the record's data or version would strand the old entry, live and never
                // invalidated, and a delete without data could not even name it.
                errors.Add($"{path}:CacheKey: may use only {{key}} and {{entity}}, not {{version}} or {{data.…}}: a record's entry must keep one key for life.");
            }

            for (var i = 0; i < policy.DependentKeys.Count; i++)
            {
                if (!KeyTemplate.TryParse(policy.DependentKeys[i], out _, out var dependentError))
                {
                    errors.Add($"{path}:DependentKeys:{i}: the template {dependentError}.");
                }
            }

            if (policy.Ttl is { } ttl && ttl <= TimeSpan.Zero)
            {
                errors.Add($"{path}:Ttl: must be positive, or left out for no expiry.");
            }

            var table = policy.Table ?? name;
            if (!TableNamePattern().IsMatch(table))
            {
                errors.Add($"{path}:Table: '{table}' must match {TableNamePattern()}.");
            }

            if (policy.MaxPayloadBytes <= 0 || policy.MaxPayloadBytes > options.MaxMessageBytes)
            {
                errors.Add($"{path}:MaxPayloadBytes: must be between 1 and MaxMessageBytes ({options.MaxMessageBytes}).");
            }

            if (policy.Required.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{path}:Required: field names must not be empty.");
            }
        }

        return errors;
    }

    /// <summary>Compiles validated options; throws with every problem listed when they are not valid.</summary>
    public static IReadOnlyList<EntityPolicy> Compile(CacheSyncOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0) throw new OptionsValidationException(CacheSyncOptions.SectionName, typeof(CacheSyncOptions), errors);
        return options.Entities.Select(pair => new EntityPolicy
        {
            Entity = pair.Key,
            Strategy = TryParseStrategy(pair.Value.Strategy, out var strategy) ? strategy : throw new UnreachableException(),
            CacheKey = KeyTemplate.Parse(pair.Value.CacheKey),
            Ttl = pair.Value.Ttl,
            DependentKeys = pair.Value.DependentKeys.Select(KeyTemplate.Parse).ToArray(),
            Table = pair.Value.Table ?? pair.Key,
            Required = pair.Value.Required.ToArray(),
            MaxPayloadBytes = pair.Value.MaxPayloadBytes,
        }).ToArray();
    }

    // Enum.TryParse alone would also take numbers and flag lists such as "WriteThrough,WriteAround".
    private static bool TryParseStrategy(string? text, out CacheStrategy strategy)
    {
        strategy = default;
        return text is not null && !text.Contains(',', StringComparison.Ordinal) && !int.TryParse(text, out _) &&
               Enum.TryParse(text, ignoreCase: true, out strategy) && Enum.IsDefined(strategy);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex EntityNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,47}$")]
    private static partial Regex TableNamePattern();
}
