using System.Text.Json;

namespace CacheSync.Contracts;

/// <summary>
/// One write of one record, as the event service published it (contract v1, see README "Message contract").
/// </summary>
public sealed record WriteEvent
{
    /// <summary>The idempotency key: unique per write; redeliveries and producer retries carry the same id.</summary>
    public required string Id { get; init; }

    /// <summary>The entity type; selects the policy.</summary>
    public required string Entity { get; init; }

    /// <summary>The record's id within its entity, e.g. <c>42</c> or <c>42/profile</c>.</summary>
    public required string Key { get; init; }

    public required EventOperation Op { get; init; }

    /// <summary>Grows with each write of the same key; fences reordering and duplicates.</summary>
    public required long Version { get; init; }

    /// <summary>When the write happened at the producer, if it said.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>The model (a JSON object) for an upsert; absent for most deletes.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>Extra cache keys to invalidate, named by the producer.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];
}
