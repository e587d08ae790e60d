using System.Text;
using System.Text.Json;

namespace CacheSync.Bench.EndToEnd;

/// <summary>
/// Contract-v1 event bodies of a fixed total size, as a producer would publish them: a fresh id, a key drawn from
/// the shape's key space, a version that rises with every event, and data padded to the size.
/// </summary>
internal sealed class EventBodies
{
    private readonly string _entity;
    private readonly int _bodyBytes;
    private readonly int _keySpace;
    private readonly Random _random;
    private readonly Dictionary<string, long> _highestVersion = new(StringComparer.Ordinal);
    private long _version;

    public EventBodies(string entity, Shape shape, int seed)
    {
        _entity = entity;
        _bodyBytes = shape.PayloadBytes;
        _keySpace = shape.KeySpace;
        _random = new Random(seed);
    }

    /// <summary>The highest version published for each key, to check the final state against.</summary>
    public IReadOnlyDictionary<string, long> HighestVersions => _highestVersion;

    public byte[] Next() => Create($"k{_random.Next(_keySpace)}");

    /// <summary>An event for a key of the caller's choosing (the latency run gives each event a key of its own).</summary>
    public byte[] Create(string key)
    {
        var version = ++_version;
        _highestVersion[key] = version;
        var head = Render(key, version, padding: string.Empty);
        var missing = Math.Max(0, _bodyBytes - head.Length);
        return missing == 0 ? head : Render(key, version, new string('x', missing));
    }

    private byte[] Render(string key, long version, string padding)
    {
        var buffer = new MemoryStream(_bodyBytes + 64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", Guid.NewGuid().ToString("N"));
            json.WriteString("entity", _entity);
            json.WriteString("key", key);
            json.WriteString("op", "upsert");
            json.WriteNumber("version", version);
            json.WriteString("occurredAt", DateTimeOffset.UtcNow);
            json.WriteStartObject("data");
            json.WriteString("owner", $"o{version % 50}");
            json.WriteString("note", padding);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static string KeyOf(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("key"u8) && reader.Read()) return reader.GetString()!;
        }

        return Encoding.UTF8.GetString(body[..Math.Min(16, body.Length)]);
    }
}
