namespace CacheSync.Core.Caching;

public enum CacheWriteOutcome
{
    /// <summary>The cache now holds this version.</summary>
    Written,

    /// <summary>The cache already held this version or a newer one; nothing changed.</summary>
    Fenced,
}
