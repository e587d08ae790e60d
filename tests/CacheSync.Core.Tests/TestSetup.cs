using System.Text;
using System.Text.Json;
using CacheSync.Core.Policies;
using CacheSync.Core.Processing;
using CacheSync.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CacheSync.Core.Tests;

/// <summary>The policies and message bodies the processing tests share.</summary>
internal static class TestSetup
{
    public const string UserModel = "user_model";
    public const string AuditEntry = "audit_entry";

    /// <summary>
    /// user_model: write-through, <c>user_model:{key}</c>, 1 h TTL, dependent <c>user:{data.user_id}:models</c>,
    /// requires user_id, data up to 1024 bytes. audit_entry: write-around, <c>audit:{key}</c>, data up to 2048 bytes.
    /// Messages up to 4096 bytes; three attempts with 1-2 ms backoff.
    /// </summary>
    public static CacheSyncOptions CreateOptions()
    {
        var options = new CacheSyncOptions
        {
            MaxMessageBytes = 4096,
            Retry = new RetryOptions
            {
                MaxAttempts = 3,
                InitialDelay = TimeSpan.FromMilliseconds(1),
                MaxDelay = TimeSpan.FromMilliseconds(2),
                JitterFraction = 0,
            },
        };

        var userModel = new EntityPolicyOptions
        {
            Strategy = nameof(CacheStrategy.WriteThrough),
            CacheKey = "user_model:{key}",
            Ttl = TimeSpan.FromHours(1),
            MaxPayloadBytes = 1024,
        };
        userModel.DependentKeys.Add("user:{data.user_id}:models");
        userModel.Required.Add("user_id");
        options.Entities[UserModel] = userModel;

        options.Entities[AuditEntry] = new EntityPolicyOptions
        {
            Strategy = nameof(CacheStrategy.WriteAround),
            CacheKey = "audit:{key}",
            MaxPayloadBytes = 2048,
        };

        return options;
    }

    public static EventProcessor Processor(CacheSyncOptions options, InMemoryRecordStore store, RecordingEntryCache cache, InMemoryIdempotencyLog idempotency) =>
        new(EntityPolicyCatalog.FromOptions(options), store, cache, idempotency, Options.Create(options), NullLogger<EventProcessor>.Instance);

    /// <summary>A contract-v1 body; <paramref name="dataJson"/> is inserted verbatim, so its raw text is what the store sees.</summary>
    public static byte[] Message(string id, string entity, string key, string op, long version, string? dataJson = null, params string[] links)
    {
        var json = new StringBuilder();
        json.Append("{\"id\":").Append(JsonSerializer.Serialize(id))
            .Append(",\"entity\":").Append(JsonSerializer.Serialize(entity))
            .Append(",\"key\":").Append(JsonSerializer.Serialize(key))
            .Append(",\"op\":").Append(JsonSerializer.Serialize(op))
            .Append(",\"version\":").Append(version);
        if (dataJson is not null) json.Append(",\"data\":").Append(dataJson);
        if (links.Length > 0) json.Append(",\"links\":").Append(JsonSerializer.Serialize(links));
        json.Append('}');
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    public static byte[] Upsert(string id, string entity, string key, long version, string dataJson, params string[] links) =>
        Message(id, entity, key, "upsert", version, dataJson, links);

    public static byte[] Delete(string id, string entity, string key, long version, string? dataJson = null, params string[] links) =>
        Message(id, entity, key, "delete", version, dataJson, links);
}
