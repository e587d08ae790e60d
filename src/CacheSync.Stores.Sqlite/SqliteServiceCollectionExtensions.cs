using CacheSync.Core;
using CacheSync.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CacheSync.Stores.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>Adds the SQLite record store, configured from <c>CacheSync:Sqlite</c> and validated at start-up.</summary>
    public static IServiceCollection AddCacheSyncSqliteStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SqliteStoreOptions>()
            .Bind(configuration.GetSection(SqliteStoreOptions.SectionName))
            .ValidateEach(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton<SqliteRecordStore>();
        services.AddSingleton<IRecordStore>(sp => sp.GetRequiredService<SqliteRecordStore>());
        return services;
    }
}
