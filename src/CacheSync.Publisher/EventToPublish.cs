using System.Text.Json;

namespace CacheSync.Publisher;

/// <summary>
/// One write to publish. Leave <see cref="Id"/> and <see cref="Version"/> out and the publisher fills them (a new
/// UUID; microseconds since the epoch, strictly increasing within the process). Give them when the write already
/// has them (a retry of the same write must keep its id; a row version from the database is a better version).
/// </summary>
public sealed record EventToPublish
{
    public required string Entity { get; init; }

    public required string Key { get; init; }

    /// <summary>The record for an upsert (any JSON object); null for a delete.</summary>
    public JsonElement? Data { get; init; }

    public bool IsDelete { get; init; }

    public string? Id { get; init; }

    public long? Version { get; init; }

    /// <summary>Extra cache keys the worker should invalidate.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    public static EventToPublish Upsert<T>(string entity, string key, T data, JsonSerializerOptions? json = null) =>
        new() { Entity = entity, Key = key, Data = JsonSerializer.SerializeToElement(data, json) };

    public static EventToPublish Delete(string entity, string key) => new() { Entity = entity, Key = key, IsDelete = true };
}
