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
        var changed = false;
        foreach (var statement in Statements(options, tables))
        {
            var answer = await session.QueryAsync(statement, new QueryParameters(options.ParsedConsistency), cancellationToken).ConfigureAwait(false);
            if (answer is SchemaChangeResult change)
            {
                changed = true;
                logger.LogInformation("Cassandra schema: {Change} {Target} {Keyspace}.{Name}", change.ChangeType, change.Target, change.Keyspace, change.Name);
            }
        }

        if (changed && !await WaitForAgreementAsync(session, AgreementTimeout, cancellationToken).ConfigureAwait(false))
        {
            logger.LogWarning("Cassandra nodes did not agree on the schema within {Timeout}; statements on the new tables may fail (and be retried) until they do", AgreementTimeout);
        }
    }

    private static readonly TimeSpan AgreementTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waits until every node reports the same schema version (system.local and system.peers), so the next
    /// statement does not reach a node that has not seen the new table yet. False if they still differ at the end.
    /// </summary>
    public static async Task<bool> WaitForAgreementAsync(CqlSession session, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var one = new QueryParameters(Consistency.One);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var local = await session.QueryAsync("SELECT schema_version FROM system.local WHERE key='local'", one, cancellationToken).ConfigureAwait(false);
            var peers = await session.QueryAsync("SELECT schema_version FROM system.peers", one, cancellationToken).ConfigureAwait(false);
            var versions = new[] { local, peers }.OfType<RowsResult>().SelectMany(r => r.Rows).Select(row => row["schema_version"]).OfType<Guid>().Distinct().Count();
            if (versions <= 1) return true;
            if (DateTimeOffset.UtcNow >= deadline) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }
}
