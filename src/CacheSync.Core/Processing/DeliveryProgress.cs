using CacheSync.Core.Storage;

namespace CacheSync.Core.Processing;

/// <summary>
/// What earlier attempts at one delivery achieved, so that a retry can finish their work: once the store has
/// taken the write, a retry finds it "already current" and could no longer tell which record it replaced.
/// </summary>
public sealed class DeliveryProgress
{
    /// <summary>True once an attempt's store write was applied.</summary>
    public bool StoreApplied { get; private set; }

    /// <summary>The record the applied write replaced, or null when there was none.</summary>
    public StoredRecord? ReplacedRecord { get; private set; }

    /// <summary>
    /// The outcome an attempt reached just before recording the event id. If that record was written but its answer
    /// lost (Redis gone between the write and the reply), the next attempt finds the record with this delivery's
    /// <see cref="Token"/>: the event was applied (or found stale) by this delivery, not a duplicate.
    /// </summary>
    internal ProcessingOutcome? Decided { get; private set; }

    /// <summary>
    /// This delivery's mark on the idempotency record. A record with another mark was written by another copy of
    /// the event (which may have applied it while this delivery's own record write never reached Redis), so this
    /// delivery is a duplicate even if it got as far as a decision.
    /// </summary>
    internal string Token { get; } = Guid.NewGuid().ToString("N");

    internal void RecordDecision(ProcessingOutcome outcome) => Decided = outcome;

    internal void RecordStoreWrite(StoreWriteResult result)
    {
        if (result.Outcome != StoreWriteOutcome.Applied) return;
        StoreApplied = true;
        ReplacedRecord = result.Previous;
    }
}
