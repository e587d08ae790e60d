namespace CacheSync.Core.Processing;

/// <summary>What the transport must do with a delivered message.</summary>
public enum DeliveryAction
{
    /// <summary>Done with it (applied, duplicate or stale): ack.</summary>
    Ack,

    /// <summary>It can never be applied: move it to the DLQ with its reason, then ack.</summary>
    DeadLetter,
}
