using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.Protocol.Wire;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>Binding values to a prepared statement by the bind-variable types of its Prepared result (§4.2.5.4).</summary>
public class PreparedStatementBindTests
{
    private static readonly PreparedStatement Upsert = new(
        "INSERT INTO ks.t (k, v, d) VALUES (?, ?, ?)",
        [0xCA, 0xFE],
        new ResultMetadata(
            [
                new ColumnSpec("ks", "t", "k", CqlType.Of(CqlTypeCode.Varchar)),
                new ColumnSpec("ks", "t", "v", CqlType.Of(CqlTypeCode.Bigint)),
                new ColumnSpec("ks", "t", "d", CqlType.Of(CqlTypeCode.Boolean)),
            ],
            null,
            [0]),
        ResultMetadata.Empty);

    [Test]
    public void Values_are_serialized_in_bind_order_by_the_variable_types()
    {
        var values = Upsert.Bind("a", 7L, true);

        Assert.That(values.Select(v => v.Kind), Is.All.EqualTo(CqlValueKind.Bytes));
        Assert.That(values[0].Bytes(), Is.EqualTo(Hex("61")));                        // varchar "a"
        Assert.That(values[1].Bytes(), Is.EqualTo(Hex("00 00 00 00 00 00 00 07")));   // bigint 7
        Assert.That(values[2].Bytes(), Is.EqualTo(Hex("01")));                        // boolean true
    }

    [Test]
    public void Bound_values_go_into_execute_as_values()
    {
        var request = RequestEncoder.Execute(Upsert.Id, new QueryParameters(Consistency.One, Upsert.Bind("a", 7L, null)));

        Assert.That(request.Bytes(), Is.EqualTo(Hex(
            "00 02 CA FE",                                // <id>
            "00 01", "01",                                // ONE, Values
            "00 03",                                      // 3 values
            "00 00 00 01 61",
            "00 00 00 08 00 00 00 00 00 00 00 07",
            "FF FF FF FF")));                             // null
    }

    [Test]
    public void Null_and_not_set_pass_through()
    {
        var values = Upsert.Bind(null, CqlValue.NotSet, null);

        Assert.That(values, Is.EqualTo(new[] { CqlValue.Null, CqlValue.NotSet, CqlValue.Null }));
    }

    [Test]
    public void Too_few_values_are_refused()
    {
        Assert.That(() => Upsert.Bind("a", 7L), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void Too_many_values_are_refused()
    {
        Assert.That(() => Upsert.Bind("a", 7L, true, 1), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void A_value_of_the_wrong_type_is_refused()
    {
        Assert.That(() => Upsert.Bind("a", "7", true), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void A_statement_without_variables_binds_nothing()
    {
        var statement = new PreparedStatement("SELECT now() FROM system.local", [0x01], ResultMetadata.Empty, ResultMetadata.Empty);

        Assert.That(statement.Bind(), Is.Empty);
        Assert.That(() => statement.Bind(1), Throws.InstanceOf<ArgumentException>());
    }
}
