using CacheSync.Core.Policies;
using CacheSync.Stores.Cassandra;
using Microsoft.Extensions.Options;

namespace CacheSync.Stores.Cassandra.Tests.Store;

public class CassandraTablesValidatorTests
{
    private static ValidateOptionsResult Validate(CassandraStoreOptions cassandra, params (string Entity, string? Table)[] entities)
    {
        var policies = new CacheSyncOptions();
        foreach (var (entity, table) in entities) policies.Entities[entity] = new EntityPolicyOptions { CacheKey = entity + ":{key}", Table = table };
        return new CassandraTablesValidator(Options.Create(policies)).Validate(null, cassandra);
    }

    private static CassandraStoreOptions WithStatementsFor(string table)
    {
        var options = new CassandraStoreOptions();
        options.Statements[table] = new CassandraStatementOptions();
        return options;
    }

    [Test]
    public void Statements_for_a_table_no_entity_uses_are_a_typo_not_a_silent_fallback()
    {
        var result = Validate(WithStatementsFor("Users"), ("user", "users"));

        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures, Has.Some.EqualTo("CacheSync:Cassandra:Statements:Users: no entity uses the table 'Users' (tables: users)."));
    }

    [Test]
    public void Statements_for_an_entitys_table_pass()
    {
        Assert.That(Validate(WithStatementsFor("users"), ("user", "users"), ("audit", null)).Succeeded, Is.True);
    }

    [Test]
    public void Mixed_case_tables_and_keyspaces_are_refused_on_cassandra()
    {
        var result = Validate(new CassandraStoreOptions { Keyspace = "CacheSync" }, ("UserModel", null));

        Assert.That(result.Failures, Has.Some.StartsWith("CacheSync:Cassandra:Keyspace:"));
        Assert.That(result.Failures, Has.Some.StartsWith("CacheSync:Entities:UserModel:Table: 'UserModel' must be lowercase"));
    }
}
