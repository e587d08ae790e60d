using StackExchange.Redis;

namespace CacheSync.Bench.EndToEnd;

/// <summary>Removes a run's keys from the shared local Redis, so a million-key run leaves nothing behind.</summary>
internal static class RedisCleanup
{
    public static async Task DeleteByPrefixAsync(IConnectionMultiplexer redis, string prefix)
    {
        var server = redis.GetServers().First();
        var db = redis.GetDatabase();
        var batch = new List<RedisKey>(1000);
        await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 1000).ConfigureAwait(false))
        {
            batch.Add(key);
            if (batch.Count == 1000)
            {
                await db.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
                batch.Clear();
            }
        }

        if (batch.Count > 0) await db.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
    }
}
