using CacheSync.Core.Storage;
using CacheSync.Stores.Cassandra.Cql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Store;

/// <summary>
/// The store's operations on the built-in record table, against the scripted peer: the peer checks the exact
/// statements, values, consistency and write timestamps it receives, and answers in the real wire format.
/// </summary>
public class StoreAgainstPeerTests
{
    private const string Table = "user_model";
    private static readonly Peer.RecordTableScript Statements = new("cachesync", Table);
    private static readonly string Read = Statements.Read(Table);
    private static readonly string Write = Statements.Write(Table);
    private static readonly Peer.ColumnSpec[] WriteVariables = Peer.RecordTableScript.WriteVariables;

    private Peer.RecordTableScript _script = null!;
    private Peer.ScriptedCqlPeer _peer = null!;
    private CqlSession _session = null!;
    private CassandraRecordStore _store = null!;

    [SetUp]
    public async Task Start()
    {
        _script = new Peer.RecordTableScript("cachesync", Table);
        _peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = _script.Answer });
        var options = new CassandraStoreOptions { CreateSchema = true, RequestTimeout = TimeSpan.FromSeconds(5) };
        options.ContactPoints.Add($"127.0.0.1:{_peer.Port}");
        Assert.That(options.Validate(), Is.Empty);
        _session = new CqlSession(CassandraServiceCollectionExtensions.SessionOptions(options));
        _store = new CassandraRecordStore(_session, Options.Create(options), NullLogger<CassandraRecordStore>.Instance);
    }

    [TearDown]
    public async Task Stop()
    {
        await _session.DisposeAsync();
        await _peer.DisposeAsync();
    }

    [Test]
    public async Task The_schema_bootstrap_runs_once_before_the_first_statement()
    {
        await _store.UpsertAsync(Table, "k1", 1, """{"a":1}""", default);
        await _store.UpsertAsync(Table, "k2", 1, """{"a":1}""", default);

        var queries = _peer.Requests.Where(r => r.Opcode == Peer.CqlOpcode.Query).ToList();
        Assert.That(queries.Select(q => q.Query), Is.EqualTo(new[]
        {
            Statements.CreateKeyspace, Statements.CreateTable(Table),
            "SELECT schema_version FROM system.local WHERE key='local'", "SELECT schema_version FROM system.peers",
        }), "the DDL, then a wait until the nodes agree on the schema");
        var firstStatement = _peer.Requests.ToList().FindIndex(r => r.Opcode == Peer.CqlOpcode.Prepare);
        Assert.That(_peer.Requests.ToList().FindLastIndex(r => r.Opcode == Peer.CqlOpcode.Query), Is.LessThan(firstStatement));
    }

    [Test]
    public async Task An_upsert_of_a_new_record_reads_then_writes_with_the_version_as_its_timestamp()
    {
        var result = await _store.UpsertAsync(Table, "user:1", 1_700_000_000_000_000, """{"name":"Ada"}""", default);

        Assert.That(result, Is.EqualTo(new StoreWriteResult(StoreWriteOutcome.Applied, null)));
        var executes = Executes();
        Assert.That(executes.Select(e => e.Query), Is.EqualTo(new[] { Read, Write }));
        Assert.Multiple(() =>
        {
            Assert.That(Values(executes[0], Peer.CqlType.Text), Is.EqualTo(new object?[] { "user:1" }));
            Assert.That(Values(executes[1], WriteVariables), Is.EqualTo(new object?[]
            {
                1_700_000_000_000_000L, 1_700_000_000_000_000L, """{"name":"Ada"}""", false, null, "user:1",
            }), "USING TIMESTAMP <version>, version, data, deleted, replaced_data, key");
            foreach (var execute in executes)
            {
                Assert.That(execute.Parameters!.Consistency, Is.EqualTo(Peer.CqlConsistency.LocalQuorum));
                Assert.That(execute.Parameters.SerialConsistency, Is.EqualTo(Peer.CqlConsistency.LocalSerial));
            }
        });
    }

    [Test]
    public async Task An_upsert_over_a_live_record_keeps_the_data_it_replaced()
    {
        _script.Rows[(Table, "user:1")] = [5L, """{"user_id":"u1"}""", false, null];

        var result = await _store.UpsertAsync(Table, "user:1", 6, """{"user_id":"u2"}""", default);

        Assert.That(result.Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That(result.Previous, Is.EqualTo(new StoredRecord("user:1", 5, """{"user_id":"u1"}""", false)));
        Assert.That(Values(Executes()[^1], WriteVariables), Is.EqualTo(new object?[] { 6L, 6L, """{"user_id":"u2"}""", false, """{"user_id":"u1"}""", "user:1" }));
    }

    [Test]
    public async Task An_older_upsert_is_stale_and_sends_no_write()
    {
        _script.Rows[(Table, "user:1")] = [9L, """{"v":9}""", false, null];

        var result = await _store.UpsertAsync(Table, "user:1", 5, """{"v":5}""", default);

        Assert.That(result.Outcome, Is.EqualTo(StoreWriteOutcome.Stale));
        Assert.That(result.Previous!.Version, Is.EqualTo(9));
        Assert.That(Executes().Select(e => e.Query), Is.EqualTo(new[] { Read }));
    }

    [Test]
    public async Task A_redelivery_finds_the_store_already_current_and_gets_the_data_that_version_replaced()
    {
        _script.Rows[(Table, "user:1")] = [5L, """{"user_id":"u2"}""", false, """{"user_id":"u1"}"""];

        var result = await _store.UpsertAsync(Table, "user:1", 5, """{"user_id":"u2"}""", default);

        Assert.That(result.Outcome, Is.EqualTo(StoreWriteOutcome.AlreadyCurrent));
        Assert.That(result.Previous!.ReplacedDataJson, Is.EqualTo("""{"user_id":"u1"}"""));
        Assert.That(Executes().Select(e => e.Query), Is.EqualTo(new[] { Read }));
    }

    [Test]
    public async Task A_delete_writes_a_tombstone_row_at_its_version()
    {
        _script.Rows[(Table, "user:1")] = [5L, """{"user_id":"u1"}""", false, null];

        var result = await _store.DeleteAsync(Table, "user:1", 7, default);

        Assert.That(result.Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That(result.Previous!.DataJson, Is.EqualTo("""{"user_id":"u1"}"""));
        Assert.That(Values(Executes()[^1], WriteVariables), Is.EqualTo(new object?[] { 7L, 7L, null, true, """{"user_id":"u1"}""", "user:1" }));
    }

    [Test]
    public async Task Reads_return_records_tombstones_and_nothing()
    {
        _script.Rows[(Table, "live")] = [3L, """{"a":1}""", false, null];
        _script.Rows[(Table, "gone")] = [4L, null, true, null];

        Assert.That(await _store.ReadAsync(Table, "live", default), Is.EqualTo(new StoredRecord("live", 3, """{"a":1}""", false)));
        Assert.That(await _store.ReadAsync(Table, "gone", default), Is.EqualTo(new StoredRecord("gone", 4, null, true)));
        Assert.That(await _store.ReadAsync(Table, "never", default), Is.Null);
    }

    [Test]
    public async Task A_retryable_cluster_error_reaches_the_caller_for_the_worker_to_retry()
    {
        _script.WriteReply = _ => Peer.PeerReply.WriteTimeout(Peer.CqlConsistency.LocalQuorum, 1, 2, "SIMPLE");

        var error = Assert.ThrowsAsync<CqlServerException>(() => _store.UpsertAsync(Table, "user:1", 1, "{}", default));

        Assert.That(error!.Code, Is.EqualTo(CqlErrorCode.WriteTimeout));
        Assert.That(error.IsRetryable, Is.True);
        await Task.CompletedTask;
    }

    [Test]
    public async Task A_node_that_forgot_the_statements_gets_them_prepared_again()
    {
        await _store.UpsertAsync(Table, "user:1", 1, "{}", default);
        _peer.ForgetPreparedStatements();
        _peer.ClearRecords();

        var result = await _store.UpsertAsync(Table, "user:1", 2, "{}", default);

        Assert.That(result.Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That(_peer.Requests.Select(r => r.OpcodeName), Is.EqualTo(new[] { "EXECUTE", "PREPARE", "EXECUTE", "EXECUTE", "PREPARE", "EXECUTE" }));
    }

    private List<Peer.PeerRequest> Executes() => _peer.Requests.Where(r => r.Opcode == Peer.CqlOpcode.Execute).ToList();

    private static object?[] Values(Peer.PeerRequest request, params Peer.CqlType[] types) =>
        request.Parameters!.Values.Select((v, i) => Peer.CqlValueCodec.Decode(types[i], v.Bytes)).ToArray();

    private static object?[] Values(Peer.PeerRequest request, Peer.ColumnSpec[] columns) => Values(request, columns.Select(c => c.Type).ToArray());
}
