using System.Globalization;

namespace CacheSync.Bench.EndToEnd;

/// <summary>
/// Names of one run's exchange, queues, Redis keys and SQLite file, unique per run so runs never see each other's
/// leftovers, and the worker settings that point the real worker at them.
/// </summary>
internal sealed record WorkerTopology(string RunId, int Number, string ResultsDirectory)
{
    public const string WriteThroughEntity = "bench_wt";
    public const string WriteAroundEntity = "bench_wa";

    public string Exchange => $"bench.{RunId}.{Number}.events";

    public string Queue => $"bench.{RunId}.{Number}.worker";

    public string DeadLetterQueue => $"bench.{RunId}.{Number}.dlq";

    public string RedisPrefix => $"bench-{RunId}-{Number}";

    public string StoreDirectory => Path.Combine(Path.GetTempPath(), "cachesync-bench", $"{RunId}-{Number}");

    public string StorePath => Path.Combine(StoreDirectory, "store.db");

    public string LogPath => Path.Combine(ResultsDirectory, "logs", $"worker-{RunId}-{Number}.log");

    public string CacheKey(string entity, string key) => $"{RedisPrefix}:{Short(entity)}:{key}";

    private static string Short(string entity) => entity == WriteThroughEntity ? "wt" : "wa";

    /// <summary>
    /// The shipped appsettings.json plus these: our names, and two entities shaped like the shipped user_model
    /// (one dependent key, one required field), one write-through and one write-around.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings(BenchOptions options)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CacheSync:RabbitMq:Uri"] = options.RabbitMqUri,
            ["CacheSync:RabbitMq:Exchange"] = Exchange,
            ["CacheSync:RabbitMq:Queue"] = Queue,
            ["CacheSync:RabbitMq:DeadLetterQueue"] = DeadLetterQueue,
            ["CacheSync:RabbitMq:PrefetchCount"] = options.PrefetchCount.ToString(CultureInfo.InvariantCulture),
            ["CacheSync:RabbitMq:ConcurrencyLimit"] = options.ConcurrencyLimit.ToString(CultureInfo.InvariantCulture),
            ["CacheSync:RabbitMq:DrainTimeout"] = "00:00:05",
            ["CacheSync:Redis:Configuration"] = options.Redis,
            ["CacheSync:Redis:IdempotencyKeyPrefix"] = $"{RedisPrefix}:applied:",
            ["CacheSync:Redis:IdempotencyRetention"] = "00:10:00",
            ["CacheSync:Store"] = "Sqlite",
            ["CacheSync:Sqlite:Path"] = StorePath,
        };
        foreach (var entity in new[] { WriteThroughEntity, WriteAroundEntity })
        {
            var section = $"CacheSync:Entities:{entity}";
            settings[$"{section}:Strategy"] = entity == WriteThroughEntity ? "WriteThrough" : "WriteAround";
            settings[$"{section}:CacheKey"] = $"{RedisPrefix}:{Short(entity)}:{{key}}";
            settings[$"{section}:Ttl"] = "00:10:00";
            settings[$"{section}:DependentKeys:0"] = $"{RedisPrefix}:owner:{{data.owner}}:models";
            settings[$"{section}:Required:0"] = "owner";
            settings[$"{section}:MaxPayloadBytes"] = "131072";
        }

        return settings;
    }
}
