using System.Text.Json;
using static CacheSync.Contracts.Tests.TestMessages;

namespace CacheSync.Contracts.Tests;

/// <summary>Messages that follow the v1 contract decode into an event with every field.</summary>
public sealed class WriteEventDecoderTests
{
    [Test]
    public void Valid_upsert_decodes_every_field()
    {
        var result = WriteEventDecoder.Decode(Utf8(ValidUpsertJson));

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        var e = result.Event!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Violation, Is.Null);
            Assert.That(e.Id, Is.EqualTo("evt-0001"));
            Assert.That(e.Entity, Is.EqualTo("user_model"));
            Assert.That(e.Key, Is.EqualTo("42"));
            Assert.That(e.Op, Is.EqualTo(EventOperation.Upsert));
            Assert.That(e.Version, Is.EqualTo(7L));
            Assert.That(e.OccurredAt, Is.EqualTo(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)));
            Assert.That(e.Data, Is.Not.Null);
            Assert.That(e.Data!.Value.ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(e.Data.Value.GetProperty("user_id").GetInt32(), Is.EqualTo(7));
            Assert.That(e.Data.Value.GetProperty("name").GetString(), Is.EqualTo("Ada"));
            Assert.That(e.Data.Value.GetProperty("tags").GetArrayLength(), Is.EqualTo(2));
            Assert.That(e.Links, Is.EqualTo(new[] { "user:7:summary", "team:3:roster" }));
        }
    }

    [Test]
    public void Valid_delete_decodes_without_data_links_or_time()
    {
        var result = WriteEventDecoder.Decode(Utf8(ValidDeleteJson));

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        var e = result.Event!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(e.Id, Is.EqualTo("evt-0002"));
            Assert.That(e.Entity, Is.EqualTo("user_model"));
            Assert.That(e.Key, Is.EqualTo("42/profile"));
            Assert.That(e.Op, Is.EqualTo(EventOperation.Delete));
            Assert.That(e.Version, Is.EqualTo(8L));
            Assert.That(e.OccurredAt, Is.Null);
            Assert.That(e.Data, Is.Null);
            Assert.That(e.Links, Is.Empty);
        }
    }

    [Test]
    public void Delete_may_carry_data_and_links()
    {
        var body = Mutate(ValidDeleteJson, o =>
        {
            o["data"] = new System.Text.Json.Nodes.JsonObject { ["user_id"] = 9 };
            o["links"] = new System.Text.Json.Nodes.JsonArray("user:9:summary");
        });

        var result = WriteEventDecoder.Decode(body);

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Event!.Data!.Value.GetProperty("user_id").GetInt32(), Is.EqualTo(9));
            Assert.That(result.Event.Links, Is.EqualTo(new[] { "user:9:summary" }));
        }
    }

    [Test]
    public void Null_optional_fields_are_treated_as_absent()
    {
        var body = Mutate(ValidDeleteJson, o =>
        {
            o["data"] = null;
            o["links"] = null;
            o["occurredAt"] = null;
        });

        var result = WriteEventDecoder.Decode(body);

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Event!.Data, Is.Null);
            Assert.That(result.Event.Links, Is.Empty);
            Assert.That(result.Event.OccurredAt, Is.Null);
        }
    }

    [TestCase("0", 0L)]
    [TestCase("1", 1L)]
    [TestCase("9223372036854775807", long.MaxValue)]
    [TestCase("\"0\"", 0L)]
    [TestCase("\"123\"", 123L)]
    [TestCase("\"007\"", 7L)]
    [TestCase("\"9223372036854775807\"", long.MaxValue)]
    public void Version_is_accepted_as_a_json_integer_or_a_decimal_string(string rawVersion, long expected)
    {
        var result = WriteEventDecoder.Decode(UpsertWith("version", rawVersion));

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        Assert.That(result.Event!.Version, Is.EqualTo(expected));
    }

    [Test]
    public void Unknown_fields_are_ignored()
    {
        var body = Mutate(ValidUpsertJson, o =>
        {
            o["schema"] = 2;
            o["producer"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "orders", ["nested"] = new System.Text.Json.Nodes.JsonArray(1, 2, 3) };
            o["Id"] = 12345; // property names are case-sensitive: this is an unknown field, not a second id
        });

        var result = WriteEventDecoder.Decode(body);

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        Assert.That(result.Event!.Id, Is.EqualTo("evt-0001"));
    }

    [Test]
    public void Utf8_byte_order_mark_is_accepted()
    {
        var body = Bytes(new byte[] { 0xEF, 0xBB, 0xBF }, ValidUpsertJson);

        var result = WriteEventDecoder.Decode(body);

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        Assert.That(result.Event!.Id, Is.EqualTo("evt-0001"));
    }

    [Test]
    public void Non_ascii_text_is_decoded_as_utf8()
    {
        var result = WriteEventDecoder.Decode(UpsertWith("key", "\"clé/ключ/鍵\""));

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        Assert.That(result.Event!.Key, Is.EqualTo("clé/ключ/鍵"));
    }

    [TestCase("\"2025-01-02T05:04:05+02:00\"")]
    [TestCase("\"2025-01-02T03:04:05.000Z\"")]
    [TestCase("\"2025-01-02T03:04:05\"")]
    public void OccurredAt_is_read_as_an_instant_in_utc(string rawOccurredAt)
    {
        var result = WriteEventDecoder.Decode(UpsertWith("occurredAt", rawOccurredAt));

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Event!.OccurredAt, Is.EqualTo(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)));
            Assert.That(result.Event.OccurredAt!.Value.Offset, Is.EqualTo(TimeSpan.Zero));
        }
    }

    [Test]
    public void Decoded_data_outlives_the_message_buffer()
    {
        var body = Utf8(ValidUpsertJson);
        var result = WriteEventDecoder.Decode(body);
        Array.Clear(body);

        Assert.That(result.Event!.Data!.Value.GetProperty("name").GetString(), Is.EqualTo("Ada"));
    }

    [Test]
    public void Body_exactly_at_the_size_limit_is_accepted()
    {
        var json = Utf8(ValidDeleteJson.Trim());
        var limits = new DecoderLimits { MaxMessageBytes = json.Length + 10 };
        var padded = Bytes(json, new string(' ', 10));
        Assert.That(padded, Has.Length.EqualTo(limits.MaxMessageBytes));

        var result = WriteEventDecoder.Decode(padded, limits);

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
    }

    [Test]
    public void Exactly_the_maximum_number_of_links_is_accepted()
    {
        var links = Enumerable.Range(0, DecoderLimits.MaxLinks).Select(i => $"\"link:{i}\"");
        var result = WriteEventDecoder.Decode(UpsertWith("links", $"[{string.Join(',', links)}]"));

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        Assert.That(result.Event!.Links, Has.Count.EqualTo(DecoderLimits.MaxLinks));
    }

    [Test]
    public void Text_fields_at_their_maximum_length_are_accepted()
    {
        var body = Mutate(ValidUpsertJson, o =>
        {
            o["id"] = new string('i', DecoderLimits.MaxIdLength);
            o["entity"] = new string('e', DecoderLimits.MaxEntityLength);
            o["key"] = new string('k', DecoderLimits.MaxKeyLength);
        });

        var result = WriteEventDecoder.Decode(body);

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        Assert.That(result.Event!.Key, Has.Length.EqualTo(DecoderLimits.MaxKeyLength));
    }

    [Test]
    public void Nesting_within_a_custom_depth_limit_is_accepted()
    {
        // root object (1) > data (2) > a (3)
        var body = UpsertWith("data", """{"a":{"b":1}}""");

        var result = WriteEventDecoder.Decode(body, new DecoderLimits { MaxDepth = 3 });

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
    }

    [Test]
    public void Null_limits_are_rejected()
    {
        Assert.That(() => WriteEventDecoder.Decode(Utf8(ValidUpsertJson), null!), Throws.ArgumentNullException);
    }
}
