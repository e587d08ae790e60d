namespace CacheSync.Reader;

/// <summary>The <c>CacheSync:Reader</c> section.</summary>
public sealed class CacheReaderOptions
{
    public const string SectionName = "CacheSync:Reader";

    /// <summary>
    /// Store reads one <see cref="ICacheReader.GetManyAsync"/> call runs at once for its misses; a cold page of a
    /// thousand keys must not open a thousand store requests.
    /// </summary>
    public int MaxConcurrentStoreReads { get; set; } = 16;

    internal IEnumerable<string> Validate()
    {
        if (MaxConcurrentStoreReads is < 1 or > 1024)
        {
            yield return $"{SectionName}:MaxConcurrentStoreReads: must be between 1 and 1024, not {MaxConcurrentStoreReads}.";
        }
    }
}
