using CacheSync.Core;
using CacheSync.Core.Storage;
using CacheSync.Stores.Cassandra.Cql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CacheSync.Stores.Cassandra;

public static class CassandraServiceCollectionExtensions
{
    /// <summary>Adds the Cassandra record store, configured from <c>CacheSync:Cassandra</c> and validated at start-up.</summary>
    public static IServiceCollection AddCacheSyncCassandraStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CassandraStoreOptions>()
            .Bind(configuration.GetSection(CassandraStoreOptions.SectionName))
            .ValidateEach(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CassandraStoreOptions>, CassandraTablesValidator>();
        services.AddHostedService<NamedStatementStartupCheck>();
        services.AddSingleton(sp => new CqlSession(
            SessionOptions(sp.GetRequiredService<IOptions<CassandraStoreOptions>>().Value),
            sp.GetRequiredService<ILogger<CqlSession>>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton<CassandraRecordStore>();
        services.AddSingleton<IRecordStore>(sp => sp.GetRequiredService<CassandraRecordStore>());
        return services;
    }

    /// <summary>The client settings the options describe.</summary>
    public static CqlSessionOptions SessionOptions(CassandraStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CqlSessionOptions
        {
            ContactPoints = options.ContactPoints.ToArray(),
            DefaultPort = options.Port,
            RequestTimeout = options.RequestTimeout,
            ReconnectBaseDelay = options.ReconnectBaseDelay,
            ReconnectMaxDelay = options.ReconnectMaxDelay,
            Connection = new CqlConnectionSettings
            {
                ConnectTimeout = options.ConnectTimeout,
                Username = string.IsNullOrEmpty(options.Username) ? null : options.Username,
                Password = string.IsNullOrEmpty(options.Password) ? null : options.Password,
                Tls = options.Tls.Enabled ? options.Tls.ToSslOptions : null,
                MaxRequestsPerConnection = options.MaxRequestsPerConnection,
            },
        };
    }
}
