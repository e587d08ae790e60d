namespace CacheSync.Core.Processing;

public enum OutcomeKind
{
    /// <summary>The event changed the store and the cache.</summary>
    Applied,

    /// <summary>The event id was applied before (redelivery or producer retry); nothing was done again.</summary>
    Duplicate,

    /// <summary>The store already holds a newer version; the event changed nothing.</summary>
    Stale,

    /// <summary>The event can never be applied (contract violation, unknown entity, failed validation).</summary>
    Poison,

    /// <summary>A dependency failed (Redis, the store); trying again may succeed.</summary>
    TransientFailure,
}
