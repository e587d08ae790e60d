using CacheSync.Stores.Cassandra;
using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra.Tests.Store;

public class CassandraStoreOptionsTests
{
    private static CassandraStoreOptions Valid()
    {
        var options = new CassandraStoreOptions();
        options.ContactPoints.Add("10.0.0.1:9042");
        options.ContactPoints.Add("cassandra-1");
        return options;
    }

    [Test]
    public void Defaults_with_a_contact_point_are_valid()
    {
        Assert.That(Valid().Validate(), Is.Empty);
        Assert.That(Valid().ParsedConsistency, Is.EqualTo(Consistency.LocalQuorum));
        Assert.That(Valid().ParsedSerialConsistency, Is.EqualTo(Consistency.LocalSerial));
    }

    [Test]
    public void Every_bad_setting_is_named()
    {
        var options = new CassandraStoreOptions
        {
            Port = 0,
            Keyspace = "bad-name",
            Username = "cachesync",
            Consistency = "Serial",
            SerialConsistency = "Quorum",
            RequestTimeout = TimeSpan.Zero,
            MaxRequestsPerConnection = 40000,
        };
        options.Replication.Class = "EverywhereStrategy";

        var errors = options.Validate().ToList();

        Assert.That(errors, Has.Some.StartsWith("CacheSync:Cassandra:ContactPoints:"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Cassandra:Port:"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Cassandra:Keyspace:"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Cassandra:Username/Password:"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Cassandra:Consistency:"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Cassandra:SerialConsistency:"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Cassandra:RequestTimeout:"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Cassandra:MaxRequestsPerConnection:"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Cassandra:Replication:Class:"));
    }

    [TestCase("LocalQuorum", Consistency.LocalQuorum)]
    [TestCase("LOCAL_QUORUM", Consistency.LocalQuorum)]
    [TestCase("local_one", Consistency.LocalOne)]
    [TestCase("6", null)]
    [TestCase("One,Two", null)]
    [TestCase("Quorom", null)]
    public void Consistency_is_taken_by_name_only(string text, Consistency? expected)
    {
        Assert.That(CassandraStoreOptions.ParseConsistency(text), Is.EqualTo(expected));
    }

    [Test]
    public void A_bad_contact_point_names_its_index()
    {
        var options = Valid();
        options.ContactPoints.Add("node:99999");
        Assert.That(options.Validate(), Has.Some.StartsWith("CacheSync:Cassandra:ContactPoints:2:"));
    }

    [Test]
    public void Network_topology_replication_needs_data_centres()
    {
        var options = Valid();
        options.Replication.Class = "NetworkTopologyStrategy";
        Assert.That(options.Validate(), Has.Some.StartsWith("CacheSync:Cassandra:Replication:DataCenters:"));

        options.Replication.DataCenters["dc1"] = 3;
        options.Replication.DataCenters["dc2"] = 2;
        Assert.That(options.Validate(), Is.Empty);
        Assert.That(options.Replication.ToCql(), Is.EqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}"));
    }

    [Test]
    public void Named_statements_are_checked_at_start_up()
    {
        var options = Valid();
        var statements = new CassandraStatementOptions { Read = "SELECT name FROM app.users WHERE id = {key}" };
        statements.Upsert.Add("INSERT INTO app.users (id, name) VALUES ({key}, {data.name})");
        options.Statements["users"] = statements;

        var errors = options.Validate().ToList();

        Assert.That(errors, Has.Some.StartsWith("CacheSync:Cassandra:Statements:users:Upsert:0:").And.Some.Contains("USING TIMESTAMP"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Cassandra:Statements:users:Delete:"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Cassandra:Statements:users:Read:"));
    }

    [Test]
    public void The_schema_bootstrap_creates_the_keyspace_and_the_built_in_tables_only()
    {
        var options = Valid();
        var statements = new CassandraStatementOptions { Read = "SELECT name, WRITETIME(name) AS version FROM app.users WHERE id = {key}" };
        statements.Upsert.Add("INSERT INTO app.users (id, name) VALUES ({key}, {data.name}) USING TIMESTAMP {version}");
        statements.Delete.Add("DELETE FROM app.users USING TIMESTAMP {version} WHERE id = {key}");
        options.Statements["users"] = statements;

        Assert.That(CassandraSchema.Statements(options, ["user_model", "users", "user_model"]), Is.EqualTo(new[]
        {
            "CREATE KEYSPACE IF NOT EXISTS \"cachesync\" WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
            "CREATE TABLE IF NOT EXISTS \"cachesync\".\"user_model\" (key text PRIMARY KEY, version bigint, data text, deleted boolean, replaced_data text)",
        }));
    }
}
