using System.Text.Json;
using CacheSync.Core.Storage;
using CacheSync.Stores.Cassandra;
using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra.Tests.Store;

public class EventValueBinderTests
{
    private static PreparedStatement Prepared(params CqlTypeCode[] types) => new(
        "q", [1, 2],
        new ResultMetadata(types.Select((t, i) => new ColumnSpec("app", "t", $"c{i}", CqlType.Of(t))).ToArray(), null, []),
        ResultMetadata.Empty);

    private static object? Decoded(CqlValue value, CqlTypeCode type) =>
        value.Kind == CqlValueKind.Bytes ? CqlValueCodec.Deserialize(value.Bytes.ToArray(), CqlType.Of(type)) : value.Kind;

    [Test]
    public void Each_placeholder_is_converted_to_its_column_type()
    {
        var statement = NamedStatement.Parse(
            "INSERT INTO t (id, v, uid, name, age, active, score, at, photo, doc) VALUES ({key}, {version}, {data.user}, {data.name}, {data.age}, {data.active}, {data.score}, {data.at}, {data.photo}, {data}) USING TIMESTAMP {version}",
            NamedStatementKind.Write);
        var types = new[]
        {
            CqlTypeCode.Bigint, CqlTypeCode.Bigint, CqlTypeCode.Uuid, CqlTypeCode.Varchar, CqlTypeCode.Int, CqlTypeCode.Boolean,
            CqlTypeCode.Double, CqlTypeCode.Timestamp, CqlTypeCode.Blob, CqlTypeCode.Varchar, CqlTypeCode.Bigint,
        };
        using var data = JsonDocument.Parse("""
            {"user":"f81d4fae-7dec-11d0-a765-00a0c91e6bf6","name":"Ada","age":36,"active":true,"score":1.5,"at":"2024-01-02T03:04:05Z","photo":"AAEC"}
            """);

        var values = EventValueBinder.Bind(statement, Prepared(types), "42", 1700000000000000, data.RootElement);

        Assert.That(Decoded(values[0], CqlTypeCode.Bigint), Is.EqualTo(42L));
        Assert.That(Decoded(values[1], CqlTypeCode.Bigint), Is.EqualTo(1700000000000000L));
        Assert.That(Decoded(values[2], CqlTypeCode.Uuid), Is.EqualTo(Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")));
        Assert.That(Decoded(values[3], CqlTypeCode.Varchar), Is.EqualTo("Ada"));
        Assert.That(Decoded(values[4], CqlTypeCode.Int), Is.EqualTo(36));
        Assert.That(Decoded(values[5], CqlTypeCode.Boolean), Is.EqualTo(true));
        Assert.That(Decoded(values[6], CqlTypeCode.Double), Is.EqualTo(1.5));
        Assert.That(Decoded(values[7], CqlTypeCode.Timestamp), Is.EqualTo(DateTimeOffset.Parse("2024-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(Decoded(values[8], CqlTypeCode.Blob), Is.EqualTo(new byte[] { 0, 1, 2 }));
        Assert.That(Decoded(values[9], CqlTypeCode.Varchar), Is.EqualTo(data.RootElement.GetRawText()));
    }

    [Test]
    public void A_missing_field_is_not_set_and_an_explicit_null_is_null()
    {
        var statement = NamedStatement.Parse("UPDATE t USING TIMESTAMP {version} SET a = {data.a}, b = {data.b} WHERE id = {key}", NamedStatementKind.Write);
        using var data = JsonDocument.Parse("""{"b":null}""");

        var values = EventValueBinder.Bind(statement, Prepared(CqlTypeCode.Bigint, CqlTypeCode.Varchar, CqlTypeCode.Varchar, CqlTypeCode.Varchar), "k", 7, data.RootElement);

        Assert.That(values[1].Kind, Is.EqualTo(CqlValueKind.NotSet));
        Assert.That(values[2].Kind, Is.EqualTo(CqlValueKind.Null));
    }

    [TestCase("""{"age":"thirty"}""", CqlTypeCode.Int)]
    [TestCase("""{"age":1e400}""", CqlTypeCode.Double)]
    [TestCase("""{"age":99999999999}""", CqlTypeCode.Int)]
    [TestCase("""{"age":"yes"}""", CqlTypeCode.Boolean)]
    [TestCase("""{"age":"not-a-uuid"}""", CqlTypeCode.Uuid)]
    [TestCase("""{"age":"%%%"}""", CqlTypeCode.Blob)]
    public void A_value_that_cannot_become_its_column_type_rejects_the_record(string json, CqlTypeCode type)
    {
        var statement = NamedStatement.Parse("UPDATE t USING TIMESTAMP {version} SET age = {data.age} WHERE id = {key}", NamedStatementKind.Write);
        using var data = JsonDocument.Parse(json);

        var error = Assert.Throws<RecordRejectedException>(() =>
            EventValueBinder.Bind(statement, Prepared(CqlTypeCode.Bigint, type, CqlTypeCode.Varchar), "k", 7, data.RootElement));
        Assert.That(error!.Message, Does.Contain("{data.age}").And.Contain("c1"));
    }
}
