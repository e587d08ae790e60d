using CacheSync.Stores.Cassandra;

namespace CacheSync.Stores.Cassandra.Tests.Store;

public class NamedStatementTests
{
    [Test]
    public void Placeholders_become_bind_markers_in_order()
    {
        var statement = NamedStatement.Parse(
            "INSERT INTO app.models (user_id, id, name, doc) VALUES ({data.user_id}, {key}, {data.profile.name}, {data}) USING TIMESTAMP {version}",
            NamedStatementKind.Write);

        Assert.That(statement.Cql, Is.EqualTo("INSERT INTO app.models (user_id, id, name, doc) VALUES (?, ?, ?, ?) USING TIMESTAMP ?"));
        Assert.That(statement.Parameters.Select(p => p.Name), Is.EqualTo(new[] { "{data.user_id}", "{key}", "{data.profile.name}", "{data}", "{version}" }));
    }

    [TestCase("INSERT INTO t (id) VALUES ({key})", "USING TIMESTAMP {version}")]
    [TestCase("INSERT INTO t (id) VALUES ({key}) USING TIMESTAMP 5", "USING TIMESTAMP {version}")]
    [TestCase("INSERT INTO t (id) VALUES (?) USING TIMESTAMP {version}", "placeholders")]
    [TestCase("INSERT INTO t (id) VALUES (:id) USING TIMESTAMP {version}", "placeholders")]
    [TestCase("INSERT INTO t (id) VALUES ({id}) USING TIMESTAMP {version}", "unknown placeholder")]
    [TestCase("INSERT INTO t (id) VALUES ({data.}) USING TIMESTAMP {version}", "unknown placeholder")]
    [TestCase("INSERT INTO t (id) VALUES ('{key}') USING TIMESTAMP {version}", "inside a string literal")]
    [TestCase("   ", "empty")]
    public void A_write_statement_without_the_version_fence_or_with_raw_markers_is_refused(string text, string expected)
    {
        Assert.That(NamedStatement.Check(text, NamedStatementKind.Write), Does.Contain(expected));
    }

    [Test]
    public void A_write_may_carry_a_ttl_before_the_timestamp()
    {
        Assert.That(NamedStatement.Check("INSERT INTO t (id) VALUES ({key}) USING TTL 60 AND TIMESTAMP {version}", NamedStatementKind.Write), Is.Null);
    }

    [Test]
    public void A_delete_may_not_read_data()
    {
        Assert.That(NamedStatement.Check("DELETE FROM t USING TIMESTAMP {version} WHERE id = {key} AND u = {data.user}", NamedStatementKind.Delete),
            Does.Contain("carries no data"));
        Assert.That(NamedStatement.Check("DELETE FROM t USING TIMESTAMP {version} WHERE id = {key}", NamedStatementKind.Delete), Is.Null);
    }

    [Test]
    public void A_read_binds_only_the_key_and_selects_a_version()
    {
        Assert.That(NamedStatement.Check("SELECT name, WRITETIME(name) AS version FROM t WHERE id = {key}", NamedStatementKind.Read), Is.Null);
        Assert.That(NamedStatement.Check("SELECT name FROM t WHERE id = {key}", NamedStatementKind.Read), Does.Contain("version"));
        Assert.That(NamedStatement.Check("SELECT name, WRITETIME(name) AS version FROM t WHERE id = {key} AND v = {version}", NamedStatementKind.Read),
            Does.Contain("only {key}"));
    }

    [Test]
    public void Braces_inside_a_string_literal_are_left_alone()
    {
        Assert.That(NamedStatement.Check("INSERT INTO t (id, note) VALUES ({key}, '{literal}') USING TIMESTAMP {version}", NamedStatementKind.Write), Is.Null);
    }
}
