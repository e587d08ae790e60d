namespace CacheSync.Core.Policies;

/// <summary>How an upsert reaches the cache.</summary>
public enum CacheStrategy
{
    /// <summary>Write the store, then put the new value in Redis, before the message is acked.</summary>
    WriteThrough,

    /// <summary>Write the store, then invalidate the Redis entry; readers refill it from the store.</summary>
    WriteAround,
}
