using System.Globalization;
using CacheSync.Core;
using CacheSync.Core.Processing;
using CacheSync.Core.Storage;
using CacheSync.Redis;
using CacheSync.Stores.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// The worker's rules as the worker wires them (policies bound from configuration and validated, EventProcessor,
/// DeliveryHandler with its retries and circuit breaker), on the real Redis under a key prefix of its own and a
/// SQLite file of its own, without the transport. Policies repeat WorkerHarness's.
/// </summary>
internal sealed class ProcessingRig : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _directory;

    private ProcessingRig(ServiceProvider services, string directory, string prefix)
    {
        _services = services;
        _directory = directory;
        Prefix = prefix;
    }

    public string Prefix { get; }

    public DeliveryHandler Handler => _services.GetRequiredService<DeliveryHandler>();

    public DependencyCircuitBreaker Breaker => _services.GetRequiredService<DependencyCircuitBreaker>();

    public IRecordStore Store => _services.GetRequiredService<IRecordStore>();

    public IDatabase Redis => _services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    public static ProcessingRig Start(int maxMessageBytes)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var prefix = $"t{id}";
        var directory = Path.Combine(Path.GetTempPath(), "cachesync-hostile", id);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CacheSync:MaxMessageBytes"] = maxMessageBytes.ToString(CultureInfo.InvariantCulture),
            ["CacheSync:Redis:Configuration"] = TestEnvironment.Redis,
            ["CacheSync:Redis:TombstoneTtl"] = "00:01:00",
            ["CacheSync:Sqlite:Path"] = Path.Combine(directory, "store.db"),
            ["CacheSync:Retry:MaxAttempts"] = "5",
            ["CacheSync:Retry:InitialDelay"] = "00:00:00.050",
            ["CacheSync:Retry:MaxDelay"] = "00:00:00.500",
            ["CacheSync:Entities:user_model:Strategy"] = "WriteThrough",
            ["CacheSync:Entities:user_model:CacheKey"] = $"{prefix}:user_model:{{key}}",
            ["CacheSync:Entities:user_model:Ttl"] = "01:00:00",
            ["CacheSync:Entities:user_model:DependentKeys:0"] = $"{prefix}:user:{{data.user_id}}:models",
            ["CacheSync:Entities:user_model:Required:0"] = "user_id",
            ["CacheSync:Entities:user_model:MaxPayloadBytes"] = PolicyEvents.MaxPayloadBytes.ToString(CultureInfo.InvariantCulture),
            ["CacheSync:Entities:audit_entry:Strategy"] = "WriteAround",
            ["CacheSync:Entities:audit_entry:CacheKey"] = $"{prefix}:audit:{{key}}",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddCacheSyncCore(configuration)
            .AddCacheSyncRedis(configuration)
            .AddCacheSyncSqliteStore(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return new ProcessingRig(services, directory, prefix);
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }

    /// <summary>Where an entity's records live in Redis, by the policies above.</summary>
    public string CacheKey(string entity, string key) => entity == "audit_entry" ? $"{Prefix}:audit:{key}" : $"{Prefix}:user_model:{key}";

    public async ValueTask DisposeAsync()
    {
        var redis = _services.GetRequiredService<IConnectionMultiplexer>();
        foreach (var server in redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: $"*{Prefix}*", pageSize: 1000))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }

        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS temp cleaner.
        }
    }
}
