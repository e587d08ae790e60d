using System.Text.Json;
using CacheSync.Core.Policies;

namespace CacheSync.Core.Tests;

/// <summary>Key templates parse their placeholders, render keys from events, and refuse what would make a bad key.</summary>
public sealed class KeyTemplateTests
{
    private static JsonElement Data(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string? Render(string template, string dataJson = "{}", string entity = "user_model", string key = "42", long version = 7) =>
        KeyTemplate.Parse(template).Render(entity, key, version, Data(dataJson));

    // --- rendering -------------------------------------------------------------------------------------------

    [TestCase("user:{key}:model", "user:42:model")]
    [TestCase("{entity}:{key}", "user_model:42")]
    [TestCase("{entity}/{key}@{version}", "user_model/42@7")]
    [TestCase("{key}", "42")]
    [TestCase("static-key", "static-key")]
    [TestCase("{key}{key}", "4242")]
    public void Event_fields_are_rendered(string template, string expected)
    {
        Assert.That(Render(template), Is.EqualTo(expected));
    }

    [Test]
    public void Version_is_rendered_in_invariant_digits()
    {
        Assert.That(Render("v{version}", version: long.MaxValue), Is.EqualTo("v9223372036854775807"));
    }

    [Test]
    public void Key_is_rendered_verbatim()
    {
        Assert.That(Render("user:{key}", key: "42/profile:é"), Is.EqualTo("user:42/profile:é"));
    }

    [TestCase("""{"user_id":7}""", "user:7:models")]
    [TestCase("""{"user_id":"abc"}""", "user:abc:models")]
    [TestCase("""{"user_id":-12.5}""", "user:-12.5:models")]
    [TestCase("""{"user_id":1e3}""", "user:1e3:models")]
    [TestCase("""{"user_id":true}""", "user:true:models")]
    [TestCase("""{"user_id":false}""", "user:false:models")]
    [TestCase("""{"user_id":"a:b/c"}""", "user:a:b/c:models")]
    [TestCase("""{"user_id":7,"other":{"x":1}}""", "user:7:models")]
    public void Data_field_scalars_are_rendered(string data, string expected)
    {
        Assert.That(Render("user:{data.user_id}:models", data), Is.EqualTo(expected));
    }

    [Test]
    public void Nested_data_field_is_rendered()
    {
        Assert.That(Render("org:{data.a.b}:{data.a.c.d}", """{"a":{"b":"x","c":{"d":3}}}"""), Is.EqualTo("org:x:3"));
    }

    [TestCase("""{}""", TestName = "Render_returns_null_when_the_data_field_is_missing")]
    [TestCase("""{"user_id":null}""", TestName = "Render_returns_null_when_the_data_field_is_null")]
    [TestCase("""{"user_id":{"id":7}}""", TestName = "Render_returns_null_when_the_data_field_is_an_object")]
    [TestCase("""{"user_id":[7]}""", TestName = "Render_returns_null_when_the_data_field_is_an_array")]
    [TestCase("""{"user_id":""}""", TestName = "Render_returns_null_when_the_data_field_is_empty")]
    [TestCase("""{"user_id":"a{b"}""", TestName = "Render_returns_null_when_the_value_has_an_opening_brace")]
    [TestCase("""{"user_id":"a}b"}""", TestName = "Render_returns_null_when_the_value_has_a_closing_brace")]
    [TestCase("""{"user_id":"a\u0001b"}""", TestName = "Render_returns_null_when_the_value_has_a_control_character")]
    [TestCase("""{"user_id":"a\nb"}""", TestName = "Render_returns_null_when_the_value_has_a_newline")]
    [TestCase("""{"USER_ID":7}""", TestName = "Render_returns_null_when_the_field_differs_in_case")]
    public void Render_returns_null_for_an_unusable_data_field(string data)
    {
        Assert.That(Render("user:{data.user_id}:models", data), Is.Null);
    }

    [TestCase("""{"a":5}""", TestName = "Render_returns_null_when_a_nested_path_crosses_a_scalar")]
    [TestCase("""{"a":{"c":1}}""", TestName = "Render_returns_null_when_a_nested_field_is_missing")]
    [TestCase("""{"a":[{"b":1}]}""", TestName = "Render_returns_null_when_a_nested_path_crosses_an_array")]
    public void Render_returns_null_for_an_unusable_nested_path(string data)
    {
        Assert.That(Render("x:{data.a.b}", data), Is.Null);
    }

    [Test]
    public void Render_returns_null_when_there_is_no_data()
    {
        var template = KeyTemplate.Parse("user:{data.user_id}:models");

        Assert.That(template.Render("user_model", "42", 1, null), Is.Null);
    }

    [Test]
    public void Render_returns_null_when_the_data_is_not_an_object()
    {
        Assert.That(Render("user:{data.user_id}", "[1,2]"), Is.Null);
    }

    [Test]
    public void Template_without_data_fields_renders_without_data()
    {
        var template = KeyTemplate.Parse("user_model:{key}");

        Assert.That(template.Render("user_model", "42", 1, null), Is.EqualTo("user_model:42"));
    }

    // --- parsing ---------------------------------------------------------------------------------------------

    [TestCase("{key}", new string[0])]
    [TestCase("{entity}:{key}:{version}", new string[0])]
    [TestCase("plain", new string[0])]
    [TestCase("user:{data.user_id}:models", new[] { "user_id" })]
    [TestCase("{data.a.b}-{key}-{data.c}", new[] { "a.b", "c" })]
    public void DataFields_lists_the_data_paths_in_order(string text, string[] expected)
    {
        var template = KeyTemplate.Parse(text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(template.DataFields, Is.EqualTo(expected));
            Assert.That(template.NeedsData, Is.EqualTo(expected.Length > 0));
        }
    }

    [Test]
    public void Text_and_ToString_give_the_original_template()
    {
        var template = KeyTemplate.Parse("user:{data.user_id}:models");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(template.Text, Is.EqualTo("user:{data.user_id}:models"));
            Assert.That(template.ToString(), Is.EqualTo("user:{data.user_id}:models"));
        }
    }

    [Test]
    public void TryParse_succeeds_with_a_template_and_no_error()
    {
        var parsed = KeyTemplate.TryParse("user:{key}", out var template, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed, Is.True);
            Assert.That(template, Is.Not.Null);
            Assert.That(error, Is.Null);
        }
    }

    [TestCase(null, "must not be empty")]
    [TestCase("", "must not be empty")]
    [TestCase("   ", "must not be empty")]
    [TestCase("user:{key", "unmatched '{' at position 5")]
    [TestCase("user:{", "unmatched '{'")]
    [TestCase("user:key}", "unmatched '}' at position 8")]
    [TestCase("}{key}", "unmatched '}' at position 0")]
    [TestCase("{key}}", "unmatched '}' at position 5")]
    [TestCase("user:{id}", "unknown placeholder '{id}'")]
    [TestCase("user:{Key}", "unknown placeholder '{Key}'")]
    [TestCase("user:{}", "unknown placeholder '{}'")]
    [TestCase("user:{data}", "unknown placeholder '{data}'")]
    [TestCase("user:{data.}", "unknown placeholder '{data.}'")]
    [TestCase("user:{data..a}", "unknown placeholder")]
    [TestCase("user:{data.a.}", "unknown placeholder")]
    [TestCase("user:{user_id}", "unknown placeholder")]
    [TestCase("user:{a{key}", "'{' inside a placeholder at position 5")]
    [TestCase("{{key}}", "'{' inside a placeholder at position 0")]
    [TestCase("user: {key}", "space or control character at position 5")]
    [TestCase("user:{key} ", "space or control character at position 10")]
    [TestCase("user:\t{key}", "space or control character at position 5")]
    [TestCase("user:\n{key}", "space or control character")]
    public void TryParse_rejects_a_bad_template_and_says_why(string? text, string expectedError)
    {
        var parsed = KeyTemplate.TryParse(text, out var template, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed, Is.False);
            Assert.That(template, Is.Null);
            Assert.That(error, Does.Contain(expectedError));
        }
    }

    [Test]
    public void Parse_throws_a_format_exception_naming_the_template()
    {
        Assert.That(() => KeyTemplate.Parse("user:{nope}"),
            Throws.InstanceOf<FormatException>().With.Message.Contains("user:{nope}").And.Message.Contains("unknown placeholder"));
    }
}
