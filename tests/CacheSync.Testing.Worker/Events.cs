using System.Text.Json;

namespace CacheSync.Testing.Worker;

/// <summary>Contract-v1 JSON, written by hand as a producer in any language would.</summary>
public static class Events
{
    public static string UserModel(string id, string key, long version, string userId, string plan = "free") =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id,
            ["entity"] = "user_model",
            ["key"] = key,
            ["op"] = "upsert",
            ["version"] = version,
            ["occurredAt"] = DateTimeOffset.UtcNow,
            ["data"] = new Dictionary<string, object> { ["user_id"] = userId, ["plan"] = plan, ["version_seen"] = version },
        });

    public static string Audit(string id, string key, long version, string what) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id,
            ["entity"] = "audit_entry",
            ["key"] = key,
            ["op"] = "upsert",
            ["version"] = version,
            ["data"] = new Dictionary<string, object> { ["what"] = what },
        });

    public static string Delete(string id, string entity, string key, long version) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id,
            ["entity"] = entity,
            ["key"] = key,
            ["op"] = "delete",
            ["version"] = version,
        });

    public static string NewId() => Guid.NewGuid().ToString("N");
}
