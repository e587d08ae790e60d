namespace CacheSync.Core.Caching;

/// <summary>
/// Remembers which event ids have been applied, for a retention period, so a redelivered or duplicated event
/// has its whole effect (dependent invalidations, metrics) once. Fencing already makes values safe without it.
/// </summary>
public interface IIdempotencyLog
{
    /// <param name="scope">The event's cache key: records of one key live together (one Redis Cluster slot).</param>
    Task<bool> WasAppliedAsync(string scope, string eventId, CancellationToken cancellationToken);

    Task RecordAppliedAsync(string scope, string eventId, CancellationToken cancellationToken);
}
