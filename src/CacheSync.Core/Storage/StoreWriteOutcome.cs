namespace CacheSync.Core.Storage;

public enum StoreWriteOutcome
{
    /// <summary>The write was newer than what the store held and is now the record.</summary>
    Applied,

    /// <summary>The store already holds exactly this version (a redelivery after a partial apply).</summary>
    AlreadyCurrent,

    /// <summary>The store holds a newer version; the write changed nothing.</summary>
    Stale,
}
