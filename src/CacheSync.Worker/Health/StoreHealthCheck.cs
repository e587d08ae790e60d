using System.Diagnostics;
using System.Globalization;
using CacheSync.Core.Policies;
using CacheSync.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CacheSync.Worker.Health;

/// <summary>
/// <c>store</c>: a cheap read on the configured record store (SQLite or Cassandra) of a key no event can carry,
/// from the table of the first configured entity.
/// </summary>
internal sealed class StoreHealthCheck(IRecordStore store, EntityPolicyCatalog policies) : IHealthCheck
{
    /// <summary>Not a key any producer uses: the read finds nothing, cheaply, and writes nothing.</summary>
    internal const string ProbeKey = "__cachesync_health_probe__";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var table = policies.All.Select(p => p.Table).Order(StringComparer.Ordinal).FirstOrDefault();
        if (table is null) return HealthCheckResult.Healthy("no entity configured: nothing to read");

        var started = Stopwatch.GetTimestamp();
        try
        {
            await store.ReadAsync(table, ProbeKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store's own message (no settings, no credentials): "unable to open database file", "no host available"…
            return HealthCheckResult.Unhealthy($"read from table {table} failed: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"read from table {table}: {elapsed.TotalMilliseconds:0.###} ms"));
    }
}
