using System.Text;
using System.Text.Json.Nodes;

namespace CacheSync.Contracts.Tests;

/// <summary>Builds message bodies for decoder tests: a known-good event, and variations of it with one field changed.</summary>
internal static class TestMessages
{
    public const string ValidUpsertJson = """
        {
          "id": "evt-0001",
          "entity": "user_model",
          "key": "42",
          "op": "upsert",
          "version": 7,
          "occurredAt": "2025-01-02T03:04:05Z",
          "data": { "user_id": 7, "name": "Ada", "tags": ["a", "b"] },
          "links": ["user:7:summary", "team:3:roster"]
        }
        """;

    public const string ValidDeleteJson = """
        {"id":"evt-0002","entity":"user_model","key":"42/profile","op":"delete","version":8}
        """;

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>The valid upsert with one field replaced by a raw JSON value (<c>null</c> writes a JSON null).</summary>
    public static byte[] UpsertWith(string field, string rawJsonValue) => Mutate(ValidUpsertJson, o => o[field] = JsonNode.Parse(rawJsonValue));

    /// <summary>The valid delete with one field replaced by a raw JSON value.</summary>
    public static byte[] DeleteWith(string field, string rawJsonValue) => Mutate(ValidDeleteJson, o => o[field] = JsonNode.Parse(rawJsonValue));

    public static byte[] UpsertWithout(string field) => Mutate(ValidUpsertJson, o => o.Remove(field));

    public static byte[] Mutate(string json, Action<JsonObject> change)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        change(root);
        return Utf8(root.ToJsonString());
    }

    /// <summary>Concatenates text (as UTF-8) and raw bytes, for bodies that are not valid UTF-8.</summary>
    public static byte[] Bytes(params object[] parts)
    {
        var result = new List<byte>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case string text: result.AddRange(Encoding.UTF8.GetBytes(text)); break;
                case byte[] raw: result.AddRange(raw); break;
                case byte single: result.Add(single); break;
                default: throw new ArgumentException($"unsupported part {part}", nameof(parts));
            }
        }

        return result.ToArray();
    }
}
