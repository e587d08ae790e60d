using System.Text.Json.Nodes;

namespace CacheSync.Interop.Tests;

/// <summary>Contract-v1 events as the plain objects a Node.js producer would write (publish.js JSON.stringifies them).</summary>
public static class InteropEvents
{
    /// <summary>2^53 + 1: a JavaScript number cannot hold it (it rounds to 2^53), so the producer sends it as a digit string.</summary>
    public const long BigVersion = 9_007_199_254_740_993;

    public static JsonObject UserModel(string id, string key, JsonNode version, string userId, string plan) => new()
    {
        ["id"] = id,
        ["entity"] = "user_model",
        ["key"] = key,
        ["op"] = "upsert",
        ["version"] = version,
        ["occurredAt"] = "2026-11-26T00:33:54.56789Z",
        ["data"] = new JsonObject { ["user_id"] = userId, ["name"] = key, ["plan"] = plan },
    };

    public static JsonObject Audit(string id, string key, JsonNode version, string what) => new()
    {
        ["id"] = id,
        ["entity"] = "audit_entry",
        ["key"] = key,
        ["op"] = "upsert",
        ["version"] = version,
        ["data"] = new JsonObject { ["who"] = "ada", ["what"] = what },
    };

    public static JsonObject Delete(string id, string entity, string key, JsonNode version) => new()
    {
        ["id"] = id,
        ["entity"] = entity,
        ["key"] = key,
        ["op"] = "delete",
        ["version"] = version,
    };

    /// <summary>A version as the digit string a JavaScript producer sends for 64-bit values.</summary>
    public static JsonNode Digits(long version) => JsonValue.Create(version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string NewId() => Guid.NewGuid().ToString("N");
}
