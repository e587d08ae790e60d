namespace CacheSync.Core.Caching;

/// <summary>What a tombstone stands for; readers may refill an invalidated entry at its version, never a deleted one.</summary>
public enum InvalidationKind
{
    /// <summary>Write-around: the store has a newer value; read it from there.</summary>
    Invalidated,

    /// <summary>The record was deleted at this version.</summary>
    Deleted,
}
