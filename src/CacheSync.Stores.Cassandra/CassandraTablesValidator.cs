using CacheSync.Core.Policies;
using Microsoft.Extensions.Options;

namespace CacheSync.Stores.Cassandra;

/// <summary>
/// Checks the Cassandra settings against the entity policies: every <c>Statements</c> entry must belong to an
/// entity's table (a typo would silently send writes to a built-in table instead), and table and keyspace names
/// must be lowercase, so a name means the same table whether or not someone quotes it in cqlsh.
/// </summary>
internal sealed class CassandraTablesValidator(IOptions<CacheSyncOptions> policies) : IValidateOptions<CassandraStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, CassandraStoreOptions options)
    {
        var failures = new List<string>();
        var tables = policies.Value.Entities
            .Select(pair => (Entity: pair.Key, Table: pair.Value?.Table ?? pair.Key))
            .ToList();

        if (!CassandraStoreOptions.LowercaseIdentifierPattern().IsMatch(options.Keyspace ?? string.Empty))
        {
            failures.Add($"{CassandraStoreOptions.SectionName}:Keyspace: '{options.Keyspace}' must be lowercase letters, digits and _ (at most 48), as Cassandra folds unquoted names.");
        }

        foreach (var (entity, table) in tables.Where(t => !CassandraStoreOptions.LowercaseIdentifierPattern().IsMatch(t.Table)))
        {
            failures.Add($"{CacheSyncOptions.SectionName}:Entities:{entity}:Table: '{table}' must be lowercase letters, digits and _ (at most 48) on the Cassandra store.");
        }

        foreach (var key in options.Statements.Keys.Where(k => tables.All(t => t.Table != k)))
        {
            failures.Add($"{CassandraStoreOptions.SectionName}:Statements:{key}: no entity uses the table '{key}' (tables: {string.Join(", ", tables.Select(t => t.Table).Distinct())}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
