using System.Text.Json;

namespace CacheSync.Contracts.Tests;

/// <summary>What the encoder writes, the decoder reads back unchanged, in the v1 wire shape.</summary>
public sealed class WriteEventEncoderTests
{
    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static WriteEvent FullUpsert() => new()
    {
        Id = "evt-42",
        Entity = "user_model",
        Key = "42/profile",
        Op = EventOperation.Upsert,
        Version = 1234567890123L,
        OccurredAt = new DateTimeOffset(2025, 6, 7, 8, 9, 10, 123, TimeSpan.Zero),
        Data = Json("""{"user_id":7,"name":"Ada \"the\" Countess","nested":{"a":[1,2.5,true,null]},"unicode":"é✓"}"""),
        Links = ["user:7:summary", "team:3:roster"],
    };

    [Test]
    public void Upsert_round_trips_through_the_decoder()
    {
        var original = FullUpsert();

        var result = WriteEventDecoder.Decode(WriteEventEncoder.Encode(original));

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        var decoded = result.Event!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(decoded.Id, Is.EqualTo(original.Id));
            Assert.That(decoded.Entity, Is.EqualTo(original.Entity));
            Assert.That(decoded.Key, Is.EqualTo(original.Key));
            Assert.That(decoded.Op, Is.EqualTo(original.Op));
            Assert.That(decoded.Version, Is.EqualTo(original.Version));
            Assert.That(decoded.OccurredAt, Is.EqualTo(original.OccurredAt));
            Assert.That(decoded.Links, Is.EqualTo(original.Links));
            Assert.That(decoded.Data, Is.Not.Null);
            Assert.That(JsonElement.DeepEquals(decoded.Data!.Value, original.Data!.Value), Is.True, decoded.Data.Value.GetRawText());
        }
    }

    [Test]
    public void Delete_without_data_round_trips_through_the_decoder()
    {
        var original = new WriteEvent { Id = "evt-43", Entity = "audit_entry", Key = "9", Op = EventOperation.Delete, Version = 0 };

        var result = WriteEventDecoder.Decode(WriteEventEncoder.Encode(original));

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        var decoded = result.Event!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(decoded.Id, Is.EqualTo("evt-43"));
            Assert.That(decoded.Entity, Is.EqualTo("audit_entry"));
            Assert.That(decoded.Key, Is.EqualTo("9"));
            Assert.That(decoded.Op, Is.EqualTo(EventOperation.Delete));
            Assert.That(decoded.Version, Is.Zero);
            Assert.That(decoded.OccurredAt, Is.Null);
            Assert.That(decoded.Data, Is.Null);
            Assert.That(decoded.Links, Is.Empty);
        }
    }

    [Test]
    public void Largest_version_round_trips()
    {
        var original = FullUpsert() with { Version = long.MaxValue };

        var result = WriteEventDecoder.Decode(WriteEventEncoder.Encode(original));

        Assert.That(result.Event?.Version, Is.EqualTo(long.MaxValue));
    }

    [TestCase(EventOperation.Upsert, "upsert")]
    [TestCase(EventOperation.Delete, "delete")]
    public void Op_is_written_as_a_lowercase_string(EventOperation op, string expected)
    {
        var writeEvent = FullUpsert() with { Op = op };

        using var document = JsonDocument.Parse(WriteEventEncoder.Encode(writeEvent));

        Assert.That(document.RootElement.GetProperty("op").GetString(), Is.EqualTo(expected));
    }

    [Test]
    public void Property_names_are_camel_case_and_null_fields_are_left_out()
    {
        var writeEvent = new WriteEvent { Id = "e", Entity = "user_model", Key = "1", Op = EventOperation.Delete, Version = 3 };

        using var document = JsonDocument.Parse(WriteEventEncoder.Encode(writeEvent));
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(names, Is.SupersetOf(new[] { "id", "entity", "key", "op", "version" }));
            Assert.That(names, Has.None.EqualTo("data"));
            Assert.That(names, Has.None.EqualTo("occurredAt"));
            Assert.That(document.RootElement.GetProperty("version").ValueKind, Is.EqualTo(JsonValueKind.Number));
        }
    }

    [Test]
    public void OccurredAt_is_written_under_its_contract_name()
    {
        using var document = JsonDocument.Parse(WriteEventEncoder.Encode(FullUpsert()));

        Assert.That(document.RootElement.TryGetProperty("occurredAt", out var occurredAt), Is.True);
        Assert.That(occurredAt.GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2025, 6, 7, 8, 9, 10, 123, TimeSpan.Zero)));
    }

    [TestCase(EventOperation.Upsert, "user_model.upsert")]
    [TestCase(EventOperation.Delete, "user_model.delete")]
    public void Routing_key_is_entity_dot_op(EventOperation op, string expected)
    {
        var writeEvent = FullUpsert() with { Op = op };

        Assert.That(WriteEventEncoder.RoutingKey(writeEvent), Is.EqualTo(expected));
    }
}
