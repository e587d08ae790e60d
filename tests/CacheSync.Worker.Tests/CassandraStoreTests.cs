using System.Text.Json;
using CacheSync.Contracts;
using CacheSync.Core;
using CacheSync.Core.Processing;
using CacheSync.Testing.CqlPeer;

namespace CacheSync.Worker.Tests;

/// <summary>
/// The real worker host with <c>CacheSync:Store = Cassandra</c>, its store pointed at the scripted CQL peer: events
/// published to RabbitMQ become the exact CQL the peer expects (statement, values, consistency, the version as the
/// write timestamp), and the cache follows as on SQLite.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class CassandraStoreTests
{
    private const string AccountsRead = "SELECT owner, WRITETIME(owner) AS version FROM app.accounts WHERE id = ?";

    private RecordTableScript _script = null!;
    private ScriptedCqlPeer _peer = null!;

    [SetUp]
    public async Task StartPeer()
    {
        _script = new RecordTableScript("cachesync", "user_model", "audit_entry");
        _accountsVersionType = CqlType.Bigint;
        _peer = await ScriptedCqlPeer.StartAsync(new PeerOptions { Responder = Answer });
    }

    [TearDown]
    public async Task StopPeer() => await _peer.DisposeAsync();

    private const string AccountsUpsert = "INSERT INTO app.accounts (id, owner) VALUES (?, ?) USING TIMESTAMP ?";
    private const string AccountsDelete = "DELETE FROM app.accounts USING TIMESTAMP ? WHERE id = ?";
    private static readonly ColumnSpec AccountId = new("id", CqlType.Bigint);
    private static readonly ColumnSpec Timestamp = new("[timestamp]", CqlType.Bigint);

    /// <summary>What the node reports as the type of the accounts read's version column (bigint, unless a test says otherwise).</summary>
    private CqlType _accountsVersionType = CqlType.Bigint;

    private PeerReply? Answer(PeerRequest request) => (request.Opcode, request.Query) switch
    {
        (CqlOpcode.Prepare, AccountsRead) => PeerReply.Prepared("app", "accounts", [AccountId], [0], [new("owner", CqlType.Text), new("version", _accountsVersionType)]),
        (CqlOpcode.Prepare, AccountsUpsert) => PeerReply.Prepared("app", "accounts", [AccountId, new("owner", CqlType.Text), Timestamp], [0]),
        (CqlOpcode.Prepare, AccountsDelete) => PeerReply.Prepared("app", "accounts", [Timestamp, AccountId], [1]),
        _ => _script.Answer(request),
    };

    private WorkerHarness Worker() => new(settings =>
    {
        settings["CacheSync:Store"] = "Cassandra";
        settings["CacheSync:Cassandra:ContactPoints:0"] = $"127.0.0.1:{_peer.Port}";
        settings["CacheSync:Cassandra:CreateSchema"] = "true";
        settings["CacheSync:Cassandra:RequestTimeout"] = "00:00:02";
        settings["CacheSync:Entities:account:CacheKey"] = "test:account:{key}";
        settings["CacheSync:Entities:account:Table"] = "accounts";
        settings["CacheSync:Cassandra:Statements:accounts:Upsert:0"] = "INSERT INTO app.accounts (id, owner) VALUES ({key}, {data.owner}) USING TIMESTAMP {version}";
        settings["CacheSync:Cassandra:Statements:accounts:Delete:0"] = "DELETE FROM app.accounts USING TIMESTAMP {version} WHERE id = {key}";
        settings["CacheSync:Cassandra:Statements:accounts:Read"] = "SELECT owner, WRITETIME(owner) AS version FROM app.accounts WHERE id = {key}";
    });

    [Test]
    public async Task A_write_through_event_becomes_the_fenced_cql_write_and_the_cache_entry()
    {
        await using var worker = Worker();
        await worker.StartAsync();

        await worker.PublishAsync(Events.UserModel(Events.NewId(), "42", 1_700_000_000_000_007, "u1", plan: "pro"));

        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadCacheAsync(worker.UserModelKey("42"))).Count > 0, "cache entry");
        var write = _peer.Requests.Single(_script.IsWrite);
        var values = RecordTableScript.WriteValues(write);
        Assert.Multiple(() =>
        {
            Assert.That(write.Query, Is.EqualTo(_script.Write("user_model")));
            Assert.That(values[0], Is.EqualTo(1_700_000_000_000_007L), "USING TIMESTAMP is the event's version");
            Assert.That(values[1], Is.EqualTo(1_700_000_000_000_007L));
            Assert.That(JsonDocument.Parse((string)values[2]!).RootElement.GetProperty("plan").GetString(), Is.EqualTo("pro"));
            Assert.That(values[3], Is.EqualTo(false));
            Assert.That(values[5], Is.EqualTo("42"));
            Assert.That(write.Parameters!.Consistency, Is.EqualTo(CqlConsistency.LocalQuorum));
            Assert.That(_peer.Requests.Where(r => r.Opcode == CqlOpcode.Query && !r.Query!.Contains("system.", StringComparison.Ordinal)).Select(r => r.Query),
                Is.EqualTo(new[] { _script.CreateKeyspace, _script.CreateTable("user_model") }), "the schema bootstrap, once");
        });
        var entry = await worker.ReadCacheAsync(worker.UserModelKey("42"));
        Assert.That(entry["version"], Is.EqualTo("1700000000000007"));
    }

    [Test]
    public async Task A_late_event_older_than_the_stored_version_writes_nothing_and_leaves_the_cache_alone()
    {
        _script.Rows[("audit_entry", "a1")] = [9L, """{"what":"newer"}""", false, null];
        await using var worker = Worker();
        await worker.StartAsync();

        await worker.PublishAsync(Events.Audit(Events.NewId(), "a1", 5, "older"), "audit_entry.upsert");
        await worker.PublishAsync(Events.Audit(Events.NewId(), "a2", 5, "fresh"), "audit_entry.upsert");

        await WorkerHarness.EventuallyAsync(() => Task.FromResult(_peer.Requests.Any(r => _script.IsWrite(r) && (string?)RecordTableScript.WriteValues(r)[5] == "a2")), "a2 written");
        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadCacheAsync(worker.AuditKey("a2"))).Count > 0, "a2 invalidated");
        Assert.That(_peer.Requests.Where(_script.IsWrite).Select(r => RecordTableScript.WriteValues(r)[5]), Is.EqualTo(new[] { "a2" }));
        Assert.That(await worker.ReadCacheAsync(worker.AuditKey("a1")), Is.Empty, "a stale event never touches the cache");
        Assert.That(await worker.DrainDeadLettersAsync(), Is.Empty);
    }

    [Test]
    public async Task A_cluster_that_times_out_for_a_while_is_retried_until_the_write_lands()
    {
        var failures = 3;
        _script.WriteReply = _ => Interlocked.Decrement(ref failures) >= 0
            ? PeerReply.WriteTimeout(CqlConsistency.LocalQuorum, 1, 2, "SIMPLE")
            : null;
        await using var worker = Worker();
        await worker.StartAsync();

        await worker.PublishAsync(Events.UserModel(Events.NewId(), "7", 3, "u1"));

        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadCacheAsync(worker.UserModelKey("7"))).Count > 0, "cache entry after retries");
        Assert.That(_peer.Requests.Count(_script.IsWrite), Is.EqualTo(4), "three timeouts, then the write");
        Assert.That(await worker.DrainDeadLettersAsync(), Is.Empty);
    }

    [Test]
    public async Task A_named_statement_the_cluster_describes_differently_stops_start_up_naming_its_setting()
    {
        _accountsVersionType = CqlType.Int; // e.g. TTL(owner) AS version: an int, not a write timestamp
        await using var worker = Worker();

        var error = Assert.ThrowsAsync<StartupCheckException>(worker.StartAsync);

        Assert.That(error!.Failures, Is.EqualTo(new[]
        {
            "CacheSync:Cassandra:Statements:accounts:Read: must return a bigint column named version (e.g. WRITETIME(name) AS version).",
        }));
    }

    [Test]
    public async Task A_value_the_store_cannot_bind_goes_to_the_dlq_at_once_with_its_reason()
    {
        await using var worker = Worker();
        await worker.StartAsync();
        var json = """{"id":"acc-1","entity":"account","key":"not-a-number","op":"upsert","version":5,"data":{"owner":"ada"}}""";

        await worker.PublishAsync(json, "account.upsert");

        List<DeadLetterMessage> letters = [];
        await WorkerHarness.EventuallyAsync(async () => (letters = await worker.DrainDeadLettersAsync()).Count > 0, "dead letter");
        Assert.Multiple(() =>
        {
            Assert.That(letters.Single().Reason, Is.EqualTo(ProcessingReasons.ValidationFailed));
            Assert.That(letters.Single().Header(DeadLetterHeaders.Detail), Does.Contain("store refused").And.Contain("bigint"));
            Assert.That(letters.Single().Header(DeadLetterHeaders.Attempts), Is.EqualTo("1"), "no retry budget spent on a permanent refusal");
            Assert.That(letters.Single().BodyText, Is.EqualTo(json));
        });
    }
}
