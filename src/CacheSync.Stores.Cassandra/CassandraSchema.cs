using CacheSync.Stores.Cassandra.Cql;
using Microsoft.Extensions.Logging;

namespace CacheSync.Stores.Cassandra;

/// <summary>
/// The explicit, idempotent schema bootstrap: the keyspace with the configured replication, and the built-in
/// record table of each given table name (tables served by named statements are the application's own).
/// </summary>
public static class CassandraSchema
{
    /// <summary>The statements <see cref="CreateAsync"/> runs, in order; for review, or to run by hand in cqlsh.</summary>
    public static IReadOnlyList<string> Statements(CassandraStoreOptions options, IEnumerable<string> tables)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tables);
        var statements = new List<string>
        {
            $"CREATE KEYSPACE IF NOT EXISTS \"{options.Keyspace}\" WITH replication = {options.Replication.ToCql()}",
        };
        statements.AddRange(tables.Where(t => !options.Statements.ContainsKey(t)).Distinct(StringComparer.Ordinal)
            .Select(t => RecordTable.CreateStatement(options.Keyspace, t)));
        return statements;
    }

    public static async Task CreateAsync(CqlSession session, CassandraStoreOptions options, IEnumerable<string> tables, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(logger);
        foreach (var statement in Statements(options, tables))
        {
            var answer = await session.QueryAsync(statement, new QueryParameters(options.ParsedConsistency), cancellationToken).ConfigureAwait(false);
            if (answer is SchemaChangeResult change)
            {
                logger.LogInformation("Cassandra schema: {Change} {Target} {Keyspace}.{Name}", change.ChangeType, change.Target, change.Keyspace, change.Name);
            }
        }
    }
}
