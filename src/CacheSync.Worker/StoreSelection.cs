using CacheSync.Stores.Cassandra;
using CacheSync.Stores.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CacheSync.Worker;

/// <summary><c>CacheSync:Store</c>: which record store the worker writes, <c>Sqlite</c> (default) or <c>Cassandra</c>.</summary>
internal static class StoreSelection
{
    public const string Key = "CacheSync:Store";

    public static IServiceCollection AddCacheSyncStore(this IServiceCollection services, IConfiguration configuration)
    {
        var store = configuration[Key];
        if (string.IsNullOrWhiteSpace(store) || string.Equals(store, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return services.AddCacheSyncSqliteStore(configuration);
        }

        if (string.Equals(store, "Cassandra", StringComparison.OrdinalIgnoreCase))
        {
            return services.AddCacheSyncCassandraStore(configuration);
        }

        // Reported with the other settings at start-up, in the same one-line form. A store is still registered so
        // that the container can be built (and validated) far enough to say so.
        services.AddOptions<UnknownStore>()
            .Validate(_ => false, $"{Key}: '{store}' is not a store (Sqlite or Cassandra).")
            .ValidateOnStart();
        return services.AddCacheSyncSqliteStore(configuration);
    }

    private sealed class UnknownStore;
}
