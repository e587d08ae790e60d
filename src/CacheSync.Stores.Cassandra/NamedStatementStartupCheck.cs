using CacheSync.Core;
using CacheSync.Stores.Cassandra.Cql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CacheSync.Stores.Cassandra;

/// <summary>
/// Prepares every named statement when the worker starts and checks it against the cluster's own description
/// (<see cref="NamedStatementVerifier"/>): a statement that cannot work stops start-up with a message naming its
/// setting, instead of pausing the worker at the first event. When the cluster cannot be reached yet, the check
/// is left to first use (each statement is verified whenever it is prepared) and start-up goes on.
/// </summary>
internal sealed class NamedStatementStartupCheck(CqlSession session, IOptions<CassandraStoreOptions> options, ILogger<NamedStatementStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var (table, statements) in options.Value.Statements)
        {
            var path = $"{CassandraStoreOptions.SectionName}:Statements:{table}";
            var all = statements.Upsert.Select((text, i) => ($"{path}:Upsert:{i}", text, NamedStatementKind.Write))
                .Concat(statements.Delete.Select((text, i) => ($"{path}:Delete:{i}", text, NamedStatementKind.Delete)))
                .Append(($"{path}:Read", statements.Read!, NamedStatementKind.Read));
            foreach (var (setting, text, kind) in all)
            {
                var statement = NamedStatement.Parse(text, kind);
                try
                {
                    var prepared = await session.PrepareAsync(statement.Cql, cancellationToken).ConfigureAwait(false);
                    failures.AddRange(NamedStatementVerifier.Problems(statement, kind, prepared).Select(p => $"{setting}: {p}"));
                }
                catch (CqlServerException e) when (!e.IsRetryable)
                {
                    failures.Add($"{setting}: Cassandra refused it: {e.ServerMessage}");
                }
                catch (Exception e) when (e is CqlConnectionException or CqlRequestTimeoutException or CqlServerException)
                {
                    logger.LogWarning("The named statements could not be checked at start-up ({Reason}); each is checked when first prepared", e.Message);
                    return;
                }
            }
        }

        if (failures.Count > 0) throw new StartupCheckException(failures);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
