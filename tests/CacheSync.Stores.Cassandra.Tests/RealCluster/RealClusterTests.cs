using CacheSync.Core.Storage;
using CacheSync.Stores.Cassandra;
using CacheSync.Stores.Cassandra.Cql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CacheSync.Stores.Cassandra.Tests.RealCluster;

/// <summary>
/// The store against a real Cassandra (or ScyllaDB) node, when <c>CACHESYNC_CASSANDRA</c> names one (host:port),
/// e.g. the docker-compose service. Nothing here runs against the scripted peer: these are skipped, and say so,
/// when no real node is configured.
/// </summary>
[Category("Cassandra")]
[NonParallelizable]
public class RealClusterTests
{
    private CqlSession _session = null!;
    private CassandraRecordStore _store = null!;
    private string _keyspace = null!;

    [OneTimeSetUp]
    public async Task Connect()
    {
        var node = Environment.GetEnvironmentVariable("CACHESYNC_CASSANDRA");
        if (string.IsNullOrWhiteSpace(node))
        {
            Assert.Ignore("Skipped: CACHESYNC_CASSANDRA is not set, so no real Cassandra node was tested (see README, 'Cassandra store').");
        }

        _keyspace = $"cachesync_test_{Guid.NewGuid():N}"[..40];
        var options = new CassandraStoreOptions { Keyspace = _keyspace, CreateSchema = true, Consistency = "One" };
        options.ContactPoints.Add(node);
        var users = new CassandraStatementOptions
        {
            Read = $"SELECT name, email, WRITETIME(name) AS version FROM \"{_keyspace}\".users WHERE id = {{key}}",
        };
        users.Upsert.Add($"INSERT INTO \"{_keyspace}\".users (id, name, email) VALUES ({{key}}, {{data.name}}, {{data.email}}) USING TIMESTAMP {{version}}");
        users.Upsert.Add($"INSERT INTO \"{_keyspace}\".users_by_email (email, id) VALUES ({{data.email}}, {{key}}) USING TIMESTAMP {{version}}");
        users.Delete.Add($"DELETE FROM \"{_keyspace}\".users USING TIMESTAMP {{version}} WHERE id = {{key}}");
        options.Statements["users"] = users;
        Assert.That(options.Validate(), Is.Empty);

        _session = new CqlSession(CassandraServiceCollectionExtensions.SessionOptions(options));
        _store = new CassandraRecordStore(_session, Options.Create(options), NullLogger<CassandraRecordStore>.Instance);
        await CassandraSchema.CreateAsync(_session, options, [], NullLogger.Instance, CancellationToken.None);
        var one = new QueryParameters(Consistency.One);
        await _session.QueryAsync($"CREATE TABLE IF NOT EXISTS \"{_keyspace}\".users (id bigint PRIMARY KEY, name text, email text)", one, CancellationToken.None);
        await _session.QueryAsync($"CREATE TABLE IF NOT EXISTS \"{_keyspace}\".users_by_email (email text PRIMARY KEY, id bigint)", one, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task DropKeyspace()
    {
        if (_session is null) return;
        await _session.QueryAsync($"DROP KEYSPACE IF EXISTS \"{_keyspace}\"", new QueryParameters(Consistency.One), CancellationToken.None);
        await _session.DisposeAsync();
    }

    [Test]
    public async Task Upserts_are_fenced_by_version_in_any_order()
    {
        Assert.That((await _store.UpsertAsync("records", "k1", 5, """{"v":5}""", default)).Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That((await _store.UpsertAsync("records", "k1", 3, """{"v":3}""", default)).Outcome, Is.EqualTo(StoreWriteOutcome.Stale));
        Assert.That((await _store.UpsertAsync("records", "k1", 5, """{"v":5}""", default)).Outcome, Is.EqualTo(StoreWriteOutcome.AlreadyCurrent));
        var newer = await _store.UpsertAsync("records", "k1", 9, """{"v":9}""", default);

        Assert.That(newer.Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That(newer.Previous!.DataJson, Is.EqualTo("""{"v":5}"""));
        Assert.That(await _store.ReadAsync("records", "k1", default), Is.EqualTo(new StoredRecord("k1", 9, """{"v":9}""", false) { ReplacedDataJson = """{"v":5}""" }));
    }

    [Test]
    public async Task A_delete_leaves_a_tombstone_that_fences_older_upserts()
    {
        await _store.UpsertAsync("records", "k2", 5, """{"v":5}""", default);
        Assert.That((await _store.DeleteAsync("records", "k2", 7, default)).Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That((await _store.UpsertAsync("records", "k2", 6, """{"v":6}""", default)).Outcome, Is.EqualTo(StoreWriteOutcome.Stale));

        var record = await _store.ReadAsync("records", "k2", default);
        Assert.That(record, Is.Not.Null);
        Assert.That(record!.IsDeleted, Is.True);
        Assert.That(record.Version, Is.EqualTo(7));
    }

    [Test]
    public async Task Cassandra_itself_keeps_the_newer_write_when_the_older_one_arrives_last()
    {
        // Bypass the store's read-before-write: only the cell timestamps decide here.
        var write = await _session.PrepareAsync($"UPDATE \"{_keyspace}\".\"records\" USING TIMESTAMP ? SET version = ?, data = ?, deleted = ?, replaced_data = ? WHERE key = ?", default);
        var parameters = new QueryParameters(Consistency.One);
        await _session.ExecuteAsync(write, parameters with { Values = write.Bind(20L, 20L, "new", false, null, "k3") }, default);
        await _session.ExecuteAsync(write, parameters with { Values = write.Bind(10L, 10L, "old", false, null, "k3") }, default);

        Assert.That((await _store.ReadAsync("records", "k3", default))!.DataJson, Is.EqualTo("new"));
    }

    [Test]
    public async Task Named_statements_write_both_tables_in_one_batch_and_read_back_as_json()
    {
        var applied = await _store.UpsertAsync("users", "42", 1_700_000_000_000_000, """{"name":"Ada","email":"ada@example.com"}""", default);
        Assert.That(applied.Outcome, Is.EqualTo(StoreWriteOutcome.Applied));

        var record = await _store.ReadAsync("users", "42", default);
        Assert.That(record!.Version, Is.EqualTo(1_700_000_000_000_000));
        Assert.That(record.DataJson, Is.EqualTo("""{"name":"Ada","email":"ada@example.com"}"""));

        var byEmail = (RowsResult)await _session.QueryAsync($"SELECT id FROM \"{_keyspace}\".users_by_email WHERE email = 'ada@example.com'", new QueryParameters(Consistency.One), default);
        Assert.That(byEmail.Rows.Single()["id"], Is.EqualTo(42L));

        Assert.That((await _store.DeleteAsync("users", "42", 1_700_000_000_000_001, default)).Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That(await _store.ReadAsync("users", "42", default), Is.Null);
        Assert.That((await _store.UpsertAsync("users", "42", 1_700_000_000_000_000, """{"name":"Ada","email":"ada@example.com"}""", default)).Outcome,
            Is.EqualTo(StoreWriteOutcome.Stale), "a late upsert older than the delete must not report applied");
    }

    [Test]
    public async Task A_server_error_is_mapped_with_its_code()
    {
        var error = Assert.ThrowsAsync<CqlServerException>(() => _session.QueryAsync("SELECT * FROM no_such_keyspace.t", new QueryParameters(Consistency.One), default));
        Assert.That(error!.Code, Is.EqualTo(CqlErrorCode.Invalid));
        Assert.That(error.IsRetryable, Is.False);
        await Task.CompletedTask;
    }
}
