using static CacheSync.Contracts.Tests.TestMessages;

namespace CacheSync.Contracts.Tests;

/// <summary>Every way a message can break the contract yields its exact reason code and a detail naming the field.</summary>
public sealed class WriteEventDecoderViolationTests
{
    private static ContractViolation Violation(DecodeResult result)
    {
        Assert.That(result.IsValid, Is.False, "the message should have been rejected");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Event, Is.Null);
            Assert.That(result.Violation, Is.Not.Null);
        }

        return result.Violation!;
    }

    private static void AssertViolation(DecodeResult result, string reason, string? detailContains = null)
    {
        var violation = Violation(result);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(violation.Reason, Is.EqualTo(reason), violation.Detail);
            Assert.That(violation.Detail, Is.Not.Empty);
            if (detailContains is not null) Assert.That(violation.Detail, Does.Contain(detailContains));
        }
    }

    // --- bad-json -------------------------------------------------------------------------------------------

    [TestCase("""{"id":"evt-1","entity":""", TestName = "Truncated_json_is_bad_json")]
    [TestCase("""{"id":"evt-1","entity":"e","key":"1","op":"delete","version":1,}""", TestName = "Trailing_comma_is_bad_json")]
    [TestCase("""{"id":"evt-1","entity":"e","key":"1","op":"delete","version":1} x""", TestName = "Trailing_garbage_is_bad_json")]
    [TestCase("""{"id":"evt-1",/*c*/"entity":"e","key":"1","op":"delete","version":1}""", TestName = "Comments_are_bad_json")]
    [TestCase("""{id:"evt-1"}""", TestName = "Unquoted_property_name_is_bad_json")]
    [TestCase("   ", TestName = "Whitespace_only_body_is_bad_json")]
    [TestCase("not json at all", TestName = "Plain_text_is_bad_json")]
    public void Malformed_json_is_bad_json(string body)
    {
        AssertViolation(WriteEventDecoder.Decode(Utf8(body)), ContractReasons.BadJson);
    }

    [Test]
    public void Invalid_utf8_anywhere_in_the_message_is_bad_json()
    {
        var body = Utf8("""{"id":"e","entity":"e","key":"1","op":"upsert","version":1,"data":{"a":"X"}}""");
        body[Array.IndexOf(body, (byte)'X')] = 0xC3;

        AssertViolation(WriteEventDecoder.Decode(body), ContractReasons.BadJson, "UTF-8");
    }

    [TestCase("\"Jan 2 2025\"")]
    [TestCase("\"2025-13-01T00:00:00Z\"")]
    public void OccurredAt_that_is_not_ISO_8601_is_invalid(string value)
    {
        AssertViolation(WriteEventDecoder.Decode(UpsertWith("occurredAt", value)), ContractReasons.InvalidValue, "occurredAt");
    }

    [Test]
    public void Empty_body_is_bad_json()
    {
        AssertViolation(WriteEventDecoder.Decode(ReadOnlyMemory<byte>.Empty), ContractReasons.BadJson, "empty");
    }

    [Test]
    public void Byte_order_mark_alone_is_bad_json()
    {
        AssertViolation(WriteEventDecoder.Decode(new byte[] { 0xEF, 0xBB, 0xBF }), ContractReasons.BadJson, "empty");
    }

    [TestCase("[1,2,3]", "an array")]
    [TestCase("42", "a number")]
    [TestCase("\"text\"", "a string")]
    [TestCase("null", "null")]
    [TestCase("true", "a boolean")]
    public void Root_that_is_not_an_object_is_bad_json(string body, string describedAs)
    {
        AssertViolation(WriteEventDecoder.Decode(Utf8(body)), ContractReasons.BadJson, describedAs);
    }

    [Test]
    public void Invalid_utf8_inside_a_string_field_is_bad_json()
    {
        var body = Bytes("{\"id\":\"", (byte)0xFF, "\",\"entity\":\"user_model\",\"key\":\"42\",\"op\":\"delete\",\"version\":1}");

        AssertViolation(WriteEventDecoder.Decode(body), ContractReasons.BadJson);
    }

    [Test]
    public void Truncated_multibyte_sequence_in_the_key_is_bad_json()
    {
        var body = Bytes("{\"id\":\"e\",\"entity\":\"user_model\",\"key\":\"", (byte)0xC3, "\",\"op\":\"delete\",\"version\":1}");

        AssertViolation(WriteEventDecoder.Decode(body), ContractReasons.BadJson);
    }

    [Test]
    public void Invalid_utf8_outside_strings_is_bad_json()
    {
        var body = Bytes("""{"id":"e","entity":"user_model","key":"42","op":"delete","version":1""", (byte)0xFF, "}");

        AssertViolation(WriteEventDecoder.Decode(body), ContractReasons.BadJson);
    }

    [Test]
    public void Nesting_deeper_than_the_default_max_depth_is_bad_json()
    {
        var depth = DecoderLimits.Default.MaxDepth + 5;
        var data = string.Concat(Enumerable.Repeat("""{"a":""", depth)) + "1" + new string('}', depth);

        var body = Utf8("""{"id":"e","entity":"user_model","key":"42","op":"upsert","version":1,"data":""" + data + "}");

        AssertViolation(WriteEventDecoder.Decode(body), ContractReasons.BadJson, "depth");
    }

    [Test]
    public void Nesting_deeper_than_a_custom_max_depth_is_bad_json()
    {
        // root object (1) > data (2) > a (3) > b (4)
        var body = UpsertWith("data", """{"a":{"b":{"c":1}}}""");

        AssertViolation(WriteEventDecoder.Decode(body, new DecoderLimits { MaxDepth = 3 }), ContractReasons.BadJson, "depth");
    }

    [Test]
    public void Duplicate_top_level_property_is_bad_json()
    {
        var body = Utf8("""{"id":"a","id":"b","entity":"user_model","key":"42","op":"delete","version":1}""");

        AssertViolation(WriteEventDecoder.Decode(body), ContractReasons.BadJson, "id");
    }

    [Test]
    public void Duplicate_property_inside_data_is_bad_json()
    {
        var body = Utf8("""{"id":"a","entity":"user_model","key":"42","op":"upsert","version":1,"data":{"x":1,"x":2}}""");

        AssertViolation(WriteEventDecoder.Decode(body), ContractReasons.BadJson);
    }

    // --- missing-field --------------------------------------------------------------------------------------

    [TestCase("id")]
    [TestCase("entity")]
    [TestCase("key")]
    [TestCase("op")]
    [TestCase("version")]
    [TestCase("data")]
    public void Missing_required_field_is_missing_field(string field)
    {
        AssertViolation(WriteEventDecoder.Decode(UpsertWithout(field)), ContractReasons.MissingField, $"'{field}'");
    }

    [Test]
    public void Upsert_with_null_data_is_missing_field()
    {
        AssertViolation(WriteEventDecoder.Decode(UpsertWith("data", "null")), ContractReasons.MissingField, "data");
    }

    // --- wrong-type -----------------------------------------------------------------------------------------

    [TestCase("id", "123")]
    [TestCase("id", "null")]
    [TestCase("id", "[\"a\"]")]
    [TestCase("entity", "true")]
    [TestCase("key", "42")]
    [TestCase("key", "{\"k\":1}")]
    [TestCase("op", "1")]
    [TestCase("op", "null")]
    [TestCase("version", "1.5")]
    [TestCase("version", "1e3")]
    [TestCase("version", "true")]
    [TestCase("version", "null")]
    [TestCase("version", "{}")]
    [TestCase("version", "\"1.5\"")]
    [TestCase("version", "\"\"")]
    [TestCase("version", "\"12a\"")]
    [TestCase("version", "\"+5\"")]
    [TestCase("version", "\" 5\"")]
    [TestCase("version", "\"99999999999999999999\"")]
    [TestCase("version", "99999999999999999999")]
    [TestCase("data", "[1,2]")]
    [TestCase("data", "\"{}\"")]
    [TestCase("data", "42")]
    [TestCase("links", "\"user:7\"")]
    [TestCase("links", "{}")]
    [TestCase("links", "[\"ok\", 7]")]
    [TestCase("links", "[null]")]
    [TestCase("occurredAt", "1735787045")]
    [TestCase("occurredAt", "{}")]
    public void Field_of_the_wrong_json_type_is_wrong_type(string field, string rawValue)
    {
        AssertViolation(WriteEventDecoder.Decode(UpsertWith(field, rawValue)), ContractReasons.WrongType, field);
    }

    [Test]
    public void Wrong_type_detail_says_what_was_found()
    {
        var violation = Violation(WriteEventDecoder.Decode(UpsertWith("id", "123")));

        Assert.That(violation.Detail, Is.EqualTo("id must be a string, not a number"));
    }

    // --- negative-version -----------------------------------------------------------------------------------

    [TestCase("-1")]
    [TestCase("\"-1\"")]
    [TestCase("-9223372036854775808")]
    [TestCase("\"-9223372036854775808\"")]
    [TestCase("-99999999999999999999")]
    public void Negative_version_is_negative_version(string rawVersion)
    {
        AssertViolation(WriteEventDecoder.Decode(UpsertWith("version", rawVersion)), ContractReasons.NegativeVersion, "version");
    }

    [Test]
    public void Negative_version_on_a_delete_is_negative_version()
    {
        AssertViolation(WriteEventDecoder.Decode(DeleteWith("version", "-3")), ContractReasons.NegativeVersion, "version");
    }

    // --- unknown-op -----------------------------------------------------------------------------------------

    [TestCase("merge")]
    [TestCase("Upsert")]
    [TestCase("DELETE")]
    [TestCase("")]
    public void Operation_other_than_upsert_or_delete_is_unknown_op(string op)
    {
        var violation = Violation(WriteEventDecoder.Decode(UpsertWith("op", $"\"{op}\"")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(violation.Reason, Is.EqualTo(ContractReasons.UnknownOp));
            Assert.That(violation.Detail, Does.Contain("op"));
            Assert.That(violation.Detail, Does.Contain($"\"{op}\""));
        }
    }

    [Test]
    public void Unknown_op_detail_truncates_long_values()
    {
        var violation = Violation(WriteEventDecoder.Decode(UpsertWith("op", $"\"{new string('x', 500)}\"")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(violation.Reason, Is.EqualTo(ContractReasons.UnknownOp));
            Assert.That(violation.Detail, Has.Length.LessThan(100));
        }
    }

    // --- invalid-value --------------------------------------------------------------------------------------

    [TestCase("id", "\"\"", TestName = "Empty_id_is_invalid_value")]
    [TestCase("entity", "\"\"", TestName = "Empty_entity_is_invalid_value")]
    [TestCase("key", "\"\"", TestName = "Empty_key_is_invalid_value")]
    [TestCase("id", "\"evt\\n1\"", TestName = "Id_with_a_newline_is_invalid_value")]
    [TestCase("key", "\"a\\u0001b\"", TestName = "Key_with_a_control_character_is_invalid_value")]
    [TestCase("key", "\"a\\tb\"", TestName = "Key_with_a_tab_is_invalid_value")]
    [TestCase("key", "\"a\\u007fb\"", TestName = "Key_with_delete_character_is_invalid_value")]
    [TestCase("key", "\"user{42\"", TestName = "Key_with_an_opening_brace_is_invalid_value")]
    [TestCase("key", "\"user}42\"", TestName = "Key_with_a_closing_brace_is_invalid_value")]
    [TestCase("entity", "\"user{model}\"", TestName = "Entity_with_braces_is_invalid_value")]
    [TestCase("entity", "\"user\\u0000model\"", TestName = "Entity_with_nul_is_invalid_value")]
    [TestCase("links", "[\"\"]", TestName = "Empty_link_is_invalid_value")]
    [TestCase("links", "[\"user:{7}\"]", TestName = "Link_with_braces_is_invalid_value")]
    [TestCase("links", "[\"user:7\\r\"]", TestName = "Link_with_a_control_character_is_invalid_value")]
    [TestCase("occurredAt", "\"not-a-date\"", TestName = "Unparsable_occurredAt_is_invalid_value")]
    [TestCase("occurredAt", "\"2025-13-45T00:00:00Z\"", TestName = "Impossible_occurredAt_is_invalid_value")]
    [TestCase("occurredAt", "\"\"", TestName = "Empty_occurredAt_is_invalid_value")]
    public void Field_with_a_disallowed_value_is_invalid_value(string field, string rawValue)
    {
        AssertViolation(WriteEventDecoder.Decode(UpsertWith(field, rawValue)), ContractReasons.InvalidValue, field);
    }

    [Test]
    public void Braces_are_allowed_in_the_id()
    {
        var result = WriteEventDecoder.Decode(UpsertWith("id", "\"{evt-1}\""));

        Assert.That(result.IsValid, Is.True, () => result.Violation?.ToString() ?? string.Empty);
        Assert.That(result.Event!.Id, Is.EqualTo("{evt-1}"));
    }

    [TestCase("id", DecoderLimits.MaxIdLength)]
    [TestCase("entity", DecoderLimits.MaxEntityLength)]
    [TestCase("key", DecoderLimits.MaxKeyLength)]
    public void Text_longer_than_its_limit_is_invalid_value(string field, int maxLength)
    {
        var body = Mutate(ValidUpsertJson, o => o[field] = new string('x', maxLength + 1));

        AssertViolation(WriteEventDecoder.Decode(body), ContractReasons.InvalidValue, field);
    }

    [Test]
    public void Link_longer_than_the_key_limit_is_invalid_value()
    {
        var body = UpsertWith("links", $"[\"{new string('l', DecoderLimits.MaxKeyLength + 1)}\"]");

        AssertViolation(WriteEventDecoder.Decode(body), ContractReasons.InvalidValue, "links");
    }

    [Test]
    public void Too_many_links_is_invalid_value()
    {
        var links = Enumerable.Range(0, DecoderLimits.MaxLinks + 1).Select(i => $"\"link:{i}\"");

        AssertViolation(WriteEventDecoder.Decode(UpsertWith("links", $"[{string.Join(',', links)}]")), ContractReasons.InvalidValue, "links");
    }

    // --- oversize -------------------------------------------------------------------------------------------

    [Test]
    public void Body_over_the_default_limit_is_oversize()
    {
        var body = new byte[DecoderLimits.Default.MaxMessageBytes + 1];
        Array.Fill(body, (byte)' ');

        AssertViolation(WriteEventDecoder.Decode(body), ContractReasons.Oversize, $"{DecoderLimits.Default.MaxMessageBytes}");
    }

    [Test]
    public void Valid_message_over_a_custom_limit_is_oversize()
    {
        var body = Utf8(ValidUpsertJson);
        var limits = new DecoderLimits { MaxMessageBytes = body.Length - 1 };

        var violation = Violation(WriteEventDecoder.Decode(body, limits));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(violation.Reason, Is.EqualTo(ContractReasons.Oversize));
            Assert.That(violation.Detail, Does.Contain($"{body.Length} bytes"));
            Assert.That(violation.Detail, Does.Contain($"{limits.MaxMessageBytes}"));
        }
    }

    [Test]
    public void Size_is_checked_before_the_body_is_parsed()
    {
        var body = Utf8("[not json");

        AssertViolation(WriteEventDecoder.Decode(body, new DecoderLimits { MaxMessageBytes = 4 }), ContractReasons.Oversize);
    }

    // --- order of checks ------------------------------------------------------------------------------------

    [Test]
    public void First_broken_field_in_contract_order_is_reported()
    {
        var body = Mutate(ValidUpsertJson, o =>
        {
            o.Remove("key");
            o["version"] = -1;
            o["op"] = "merge";
        });

        AssertViolation(WriteEventDecoder.Decode(body), ContractReasons.MissingField, "key");
    }
}
