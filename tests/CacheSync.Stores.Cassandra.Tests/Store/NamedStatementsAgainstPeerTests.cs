using CacheSync.Core.Storage;
using CacheSync.Stores.Cassandra.Cql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Store;

/// <summary>
/// An entity stored by the event service's own CQL (named statements), against the scripted peer: the statements
/// are prepared with bind markers, values are bound from the event by the types the node reports, several upsert
/// statements go in one logged batch, and the version is every write's timestamp.
/// </summary>
public class NamedStatementsAgainstPeerTests
{
    private const string Read = "SELECT name, email, WRITETIME(name) AS version FROM app.users WHERE id = ?";
    private const string InsertUser = "INSERT INTO app.users (id, name, email) VALUES (?, ?, ?) USING TIMESTAMP ?";
    private const string InsertByEmail = "INSERT INTO app.users_by_email (email, id) VALUES (?, ?) USING TIMESTAMP ?";
    private const string DeleteUser = "DELETE FROM app.users USING TIMESTAMP ? WHERE id = ?";

    private static readonly Peer.ColumnSpec Id = new("id", Peer.CqlType.Bigint);
    private static readonly Peer.ColumnSpec Name = new("name", Peer.CqlType.Text);
    private static readonly Peer.ColumnSpec Email = new("email", Peer.CqlType.Text);
    private static readonly Peer.ColumnSpec Timestamp = new("[timestamp]", Peer.CqlType.Bigint);
    private static readonly Peer.ColumnSpec[] ReadColumns = [Name, Email, new("version", Peer.CqlType.Bigint)];

    private readonly List<object?[]> _readAnswers = [];
    private Peer.ScriptedCqlPeer _peer = null!;
    private CqlSession _session = null!;
    private CassandraRecordStore _store = null!;

    [SetUp]
    public async Task Start()
    {
        _readAnswers.Clear();
        _peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = Answer });
        var options = new CassandraStoreOptions { CreateSchema = true };
        options.ContactPoints.Add($"127.0.0.1:{_peer.Port}");
        var users = new CassandraStatementOptions { Read = "SELECT name, email, WRITETIME(name) AS version FROM app.users WHERE id = {key}" };
        users.Upsert.Add("INSERT INTO app.users (id, name, email) VALUES ({key}, {data.name}, {data.email}) USING TIMESTAMP {version}");
        users.Upsert.Add("INSERT INTO app.users_by_email (email, id) VALUES ({data.email}, {key}) USING TIMESTAMP {version}");
        users.Delete.Add("DELETE FROM app.users USING TIMESTAMP {version} WHERE id = {key}");
        options.Statements["users"] = users;
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

    /// <summary>Each read of the record takes the next scripted answer: a row (name, email, version) or null for none.</summary>
    private Peer.PeerReply? Answer(Peer.PeerRequest request) => request.Opcode switch
    {
        Peer.CqlOpcode.Prepare => request.Query switch
        {
            Read => Peer.PeerReply.Prepared("app", "users", [Id], [0], ReadColumns),
            InsertUser => Peer.PeerReply.Prepared("app", "users", [Id, Name, Email, Timestamp], [0]),
            InsertByEmail => Peer.PeerReply.Prepared("app", "users_by_email", [Email, Id, Timestamp], [0]),
            DeleteUser => Peer.PeerReply.Prepared("app", "users", [Timestamp, Id], [1]),
            _ => Peer.PeerReply.Invalid($"unexpected PREPARE {request.Query}"),
        },
        Peer.CqlOpcode.Execute when request.Query == Read => NextRead(),
        Peer.CqlOpcode.Execute or Peer.CqlOpcode.Batch => Peer.PeerReply.Void(),
        _ => Peer.PeerReply.Invalid($"unexpected {request}"),
    };

    private Peer.PeerReply NextRead()
    {
        lock (_readAnswers)
        {
            var row = _readAnswers.Count > 0 ? _readAnswers[0] : null;
            if (_readAnswers.Count > 0) _readAnswers.RemoveAt(0);
            return Peer.PeerReply.Rows("app", "users", ReadColumns, row is null ? [] : [row]);
        }
    }

    [Test]
    public async Task An_upsert_runs_every_statement_in_one_logged_batch_with_values_bound_by_column_type()
    {
        _readAnswers.AddRange([null!, ["Ada", "ada@example.com", 1_700_000_000_000_000L]]);

        var result = await _store.UpsertAsync("users", "42", 1_700_000_000_000_000, """{"name":"Ada","email":"ada@example.com"}""", default);

        Assert.That(result.Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        var batch = _peer.Requests.Single(r => r.Opcode == Peer.CqlOpcode.Batch);
        Assert.Multiple(() =>
        {
            Assert.That(batch.BatchType, Is.EqualTo(Peer.BatchType.Logged));
            Assert.That(batch.Parameters!.Consistency, Is.EqualTo(Peer.CqlConsistency.LocalQuorum));
            Assert.That(batch.Parameters.SerialConsistency, Is.EqualTo(Peer.CqlConsistency.LocalSerial));
            Assert.That(batch.BatchEntries!.Select(e => e.Query), Is.EqualTo(new[] { InsertUser, InsertByEmail }));
            Assert.That(Decode(batch.BatchEntries![0].Values, Id, Name, Email, Timestamp), Is.EqualTo(new object?[] { 42L, "Ada", "ada@example.com", 1_700_000_000_000_000L }));
            Assert.That(Decode(batch.BatchEntries![1].Values, Email, Id, Timestamp), Is.EqualTo(new object?[] { "ada@example.com", 42L, 1_700_000_000_000_000L }));
            var reads = _peer.Requests.Where(r => r.Opcode == Peer.CqlOpcode.Execute && r.Query == Read).ToList();
            Assert.That(reads, Has.Count.EqualTo(2), "before the write, and after it (a missing row may be a newer delete)");
            Assert.That(Decode(reads[0].Parameters!.Values, Id), Is.EqualTo(new object?[] { 42L }));
        });
    }

    [Test]
    public async Task A_write_hidden_by_a_newer_delete_is_stale()
    {
        _readAnswers.AddRange([null!, null!]);

        var result = await _store.UpsertAsync("users", "42", 5, """{"name":"Ada","email":"a@b"}""", default);

        Assert.That(result.Outcome, Is.EqualTo(StoreWriteOutcome.Stale));
    }

    [Test]
    public async Task A_row_whose_version_column_the_write_left_unset_still_counts_as_written()
    {
        // WRITETIME(name) is null when the upsert left name unset: the row is there, at an unknown version.
        _readAnswers.AddRange([null!, [null, "a@b", null]]);

        var result = await _store.UpsertAsync("users", "42", 5, """{"email":"a@b"}""", default);

        Assert.That(result.Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
    }

    [Test]
    public async Task A_field_the_event_lacks_is_bound_as_not_set()
    {
        _readAnswers.Add(["Ada", "a@b", 4L]);

        await _store.UpsertAsync("users", "42", 5, """{"email":"a@b"}""", default);

        var user = _peer.Requests.Single(r => r.Opcode == Peer.CqlOpcode.Batch).BatchEntries![0];
        Assert.That(user.Values[1].IsNotSet, Is.True, "the name column is left as it is: no null, no tombstone");
    }

    [Test]
    public async Task A_delete_runs_its_statement_at_the_version()
    {
        _readAnswers.Add(["Ada", "a@b", 4L]);

        var result = await _store.DeleteAsync("users", "42", 9, default);

        Assert.That(result.Outcome, Is.EqualTo(StoreWriteOutcome.Applied));
        Assert.That(result.Previous, Is.EqualTo(new StoredRecord("42", 4, """{"name":"Ada","email":"a@b"}""", false)));
        var delete = _peer.Requests.Single(r => r.Opcode == Peer.CqlOpcode.Execute && r.Query == DeleteUser);
        Assert.That(Decode(delete.Parameters!.Values, Timestamp, Id), Is.EqualTo(new object?[] { 9L, 42L }));
    }

    [Test]
    public async Task A_read_turns_the_row_into_the_records_json()
    {
        _readAnswers.Add(["Ada", null, 4L]);

        Assert.That(await _store.ReadAsync("users", "42", default), Is.EqualTo(new StoredRecord("42", 4, """{"name":"Ada","email":null}""", false)));
        Assert.That(await _store.ReadAsync("users", "42", default), Is.Null);
    }

    [Test]
    public void A_key_that_cannot_become_the_key_column_type_rejects_the_record_for_the_dlq()
    {
        _readAnswers.Add(null!);

        var error = Assert.ThrowsAsync<RecordRejectedException>(() => _store.ReadAsync("users", "not-a-number", default));

        Assert.That(error!.Message, Does.Contain("{key}").And.Contain("bigint"));
        Assert.That(_peer.Requests.Any(r => r.Opcode is Peer.CqlOpcode.Execute or Peer.CqlOpcode.Batch), Is.False, "nothing was sent");
    }

    private static object?[] Decode(IReadOnlyList<Peer.BoundValue> values, params Peer.ColumnSpec[] columns) =>
        values.Select((v, i) => Peer.CqlValueCodec.Decode(columns[i].Type, v.Bytes)).ToArray();
}
