namespace CacheSync.Core.Caching;

/// <summary>
/// Remembers which event ids have been applied, for a retention period, so a redelivered or duplicated event
/// has its whole effect (dependent invalidations, metrics) once. Fencing already makes values safe without it.
/// </summary>
public interface IIdempotencyLog
{
    /// <summary>The delivery token the event id was recorded with, or null when it has not been applied.</summary>
    /// <param name="scope">The event's cache key: records of one key live together (one Redis Cluster slot).</param>
    Task<string?> RecordedByAsync(string scope, string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Records the event id as applied, with the token of the delivery that applied it (first writer wins), so a
    /// retry whose earlier record was written but never answered can tell its own record from another copy's.
    /// </summary>
    Task RecordAppliedAsync(string scope, string eventId, string deliveryToken, CancellationToken cancellationToken);
}
