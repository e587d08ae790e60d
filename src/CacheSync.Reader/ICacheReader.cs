namespace CacheSync.Reader;

/// <summary>
/// The application's read path: Redis first, then the record store, filling Redis through the version fence so a
/// slow reader can neither overwrite a newer value nor undo an invalidation.
/// </summary>
public interface ICacheReader
{
    /// <summary>
    /// The record of <paramref name="entity"/> at <paramref name="key"/>, or null when the store never saw it or holds
    /// a delete tombstone. Throws <see cref="ArgumentException"/> for an entity no policy names.
    /// </summary>
    Task<CachedRecord?> GetAsync(string entity, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Every key's record (null when absent or deleted), reading all entries from Redis in one round trip and then
    /// the misses from the store, a bounded number at a time. Duplicate keys are answered once.
    /// </summary>
    Task<IReadOnlyDictionary<string, CachedRecord?>> GetManyAsync(string entity, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}
