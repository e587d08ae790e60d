using System.Text;
using System.Text.Json;
using CacheSync.Testing.CqlPeer;
using static CacheSync.Stores.Cassandra.Tests.InteropScenarios;

namespace CacheSync.Stores.Cassandra.Tests.Interop;

/// <summary>
/// Proves the scripted peer's wire format with an independent judge: the DataStax Node.js driver 4.10.0 runs each
/// scenario of <see cref="InteropScenarios"/> against the peer. We check what the driver decoded from the peer's
/// replies, and what the peer parsed from the driver's requests. Each test also dumps the driver's frames as hex.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class PeerAgainstNodeDriverTests
{
    // The driver's default page size: it sets Page_size (0x04) on every QUERY and EXECUTE it makes for a statement.
    private const int DriverDefaultPageSize = 5000;

    private static readonly string[] RegisteredEvents = ["TOPOLOGY_CHANGE", "STATUS_CHANGE", "SCHEMA_CHANGE"];

    [Test]
    public async Task Connect_handshake_is_accepted_and_startup_carries_cql_3_0_0()
    {
        await using var peer = await StartPeerAsync();
        using var run = await NodeDriverHarness.RunAsync(Connect, peer);
        Dump(Connect, peer);

        var connected = run.Step("connected");
        Assert.Multiple(() =>
        {
            Assert.That(run.HasStep("fatal"), Is.False, run.ToString());
            Assert.That(connected.GetProperty("protocolVersion").GetInt32(), Is.EqualTo(4));
            var host = connected.GetProperty("hosts")[0];
            Assert.That(host.GetProperty("datacenter").GetString(), Is.EqualTo("dc1"));
            Assert.That(host.GetProperty("rack").GetString(), Is.EqualTo("rack1"));
            Assert.That(host.GetProperty("cassandraVersion").GetString(), Is.EqualTo(ReleaseVersion));
            Assert.That(host.GetProperty("hostId").GetString(), Is.EqualTo("2e5bd3f5-7c62-4d8a-9c3a-6d5e0cbb0001"));
            Assert.That(Strings(host.GetProperty("tokens")), Is.EqualTo(new[] { "-9223372036854775808" }));
        });

        var requests = peer.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(peer.Faults, Is.Empty);
            Assert.That(peer.Frames.All(f => f.Version == 0x04), Is.True, "every frame is a v4 request");
            Assert.That(requests.Select(r => r.OpcodeName),
                Is.EqualTo(new[] { "STARTUP", "OPTIONS", "QUERY", "QUERY", "REGISTER" }));
            var startup = requests[0].StartupOptions!;
            Assert.That(startup["CQL_VERSION"], Is.EqualTo("3.0.0"));
            Assert.That(startup["DRIVER_NAME"], Is.EqualTo("Apache Cassandra Node.js Driver"));
            Assert.That(startup["DRIVER_VERSION"], Is.EqualTo("4.10.0"));
            Assert.That(startup.Keys, Is.EquivalentTo(new[] { "CQL_VERSION", "DRIVER_NAME", "DRIVER_VERSION", "CLIENT_ID" }));
            Assert.That(Guid.TryParse(startup["CLIENT_ID"], out _), Is.True);
            Assert.That(requests[2].Query, Is.EqualTo("SELECT * FROM system.local WHERE key='local'"));
            Assert.That(requests[3].Query, Is.EqualTo("SELECT * FROM system.peers"));
            foreach (var system in requests.Skip(2).Take(2))
            {
                Assert.That(system.Parameters!.Consistency, Is.EqualTo(CqlConsistency.One));
                Assert.That(system.Parameters.Flags, Is.Zero, "no values, no page size, no timestamp");
            }

            Assert.That(requests[4].EventTypes, Is.EqualTo(RegisteredEvents));
        });
    }

    [Test]
    public async Task Auth_sends_sasl_plain_token_and_accepts_auth_success()
    {
        await using var peer = await StartPeerAsync(new PeerCredentials(AuthUser, AuthPassword));
        using var run = await NodeDriverHarness.RunAsync(Auth, peer);
        Dump(Auth, peer);

        var requests = peer.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(run.HasStep("fatal"), Is.False, run.ToString());
            Assert.That(run.Step("connected").GetProperty("protocolVersion").GetInt32(), Is.EqualTo(4));
            Assert.That(requests.Select(r => r.OpcodeName).Take(3), Is.EqualTo(new[] { "STARTUP", "AUTH_RESPONSE", "OPTIONS" }));
            Assert.That(requests[1].AuthToken, Is.EqualTo(Encoding.UTF8.GetBytes("\0cachesync\0s3cret")));
            Assert.That(peer.Faults, Is.Empty);
        });
    }

    [Test]
    public async Task Auth_with_wrong_password_is_reported_as_authentication_error()
    {
        await using var peer = await StartPeerAsync(new PeerCredentials(AuthUser, "not-" + AuthPassword));
        using var run = await NodeDriverHarness.RunAsync(Auth, peer);
        Dump(Auth + " (bad credentials)", peer);

        var error = run.Step("fatal").GetProperty("error");
        Assert.That(error.GetProperty("name").GetString(), Is.EqualTo("NoHostAvailableError"), run.ToString());
        var inner = error.GetProperty("innerErrors").EnumerateObject().Single().Value;
        Assert.Multiple(() =>
        {
            Assert.That(inner.GetProperty("name").GetString(), Is.EqualTo("AuthenticationError"), run.ToString());
            Assert.That(inner.GetProperty("message").GetString(), Does.Contain("Provided username cachesync and/or password are incorrect"));
            Assert.That(peer.Requests.Count(r => r.Opcode == CqlOpcode.AuthResponse), Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task Prepare_execute_sends_local_quorum_and_exactly_the_five_encoded_values()
    {
        await using var peer = await StartPeerAsync();
        using var run = await NodeDriverHarness.RunAsync(PrepareExecute, peer);
        Dump(PrepareExecute, peer);

        Assert.That(run.Step("execute").GetProperty("ok").GetBoolean(), Is.True, run.ToString());
        var statements = AfterHandshake(peer);
        Assert.That(statements.Select(r => r.OpcodeName), Is.EqualTo(new[] { "PREPARE", "EXECUTE" }));
        var (prepare, execute) = (statements[0], statements[1]);
        var p = execute.Parameters!;
        Assert.Multiple(() =>
        {
            Assert.That(prepare.Query, Is.EqualTo(Upsert));
            Assert.That(prepare.Frame.Body, Is.EqualTo(LongString(Upsert)), "PREPARE v4 body is the [long string] alone");
            Assert.That(execute.PreparedId, Is.EqualTo(ScriptedCqlPeer.PreparedIdFor(Upsert)));
            Assert.That(execute.Query, Is.EqualTo(Upsert));
            Assert.That((ushort)p.Consistency, Is.EqualTo(UpsertConsistency));
            Assert.That(p.Flags, Is.EqualTo(QueryParameters.ValuesFlag | QueryParameters.PageSizeFlag));
            Assert.That(ValueBytes(p), Is.EqualTo(Encode(InteropResponder.UpsertBindVariableSpecs, UpsertValues)));
            Assert.That(p.PageSize, Is.EqualTo(DriverDefaultPageSize));
            Assert.That(p.PagingState, Is.Null);
            Assert.That(p.SerialConsistency, Is.Null);
            Assert.That(p.DefaultTimestamp, Is.Null, "timestamp generation is off");
            Assert.That(peer.Faults, Is.Empty);
        });
    }

    [Test]
    public async Task Query_without_and_with_values_decodes_rows_and_carries_serial_and_timestamp()
    {
        await using var peer = await StartPeerAsync();
        using var run = await NodeDriverHarness.RunAsync(Query, peer);
        Dump(Query, peer);

        var select = run.Step("select");
        Assert.Multiple(() =>
        {
            Assert.That(select.GetProperty("ok").GetBoolean(), Is.True, run.ToString());
            Assert.That(select.GetProperty("columns")[0].GetProperty("name").GetString(), Is.EqualTo("release_version"));
            Assert.That(select.GetProperty("columns")[0].GetProperty("type").GetInt32(), Is.EqualTo(CqlType.VarcharId));
            Assert.That(select.GetProperty("rows").GetRawText(), Is.EqualTo("[[\"4.1.3\"]]"));
            Assert.That(run.Step("update").GetProperty("ok").GetBoolean(), Is.True, run.ToString());
        });

        var statements = AfterHandshake(peer);
        Assert.That(statements.Select(r => r.OpcodeName), Is.EqualTo(new[] { "QUERY", "QUERY" }));
        var (first, second) = (statements[0].Parameters!, statements[1].Parameters!);
        Assert.Multiple(() =>
        {
            Assert.That(statements[0].Query, Is.EqualTo(SelectReleaseVersion));
            Assert.That((ushort)first.Consistency, Is.EqualTo(SelectReleaseVersionConsistency));
            Assert.That(first.Flags, Is.EqualTo(QueryParameters.PageSizeFlag), "an empty value array sends no Values flag");
            Assert.That(first.Values, Is.Empty);
            Assert.That(first.PageSize, Is.EqualTo(DriverDefaultPageSize));

            Assert.That(statements[1].Query, Is.EqualTo(UpdateData));
            Assert.That((ushort)second.Consistency, Is.EqualTo(UpdateDataConsistency));
            Assert.That(second.Flags, Is.EqualTo(QueryParameters.ValuesFlag | QueryParameters.PageSizeFlag
                                                  | QueryParameters.SerialConsistencyFlag | QueryParameters.DefaultTimestampFlag));
            Assert.That(ValueBytes(second), Is.EqualTo(UpdateDataValues.Select(v => CqlValueCodec.Encode(CqlType.Text, v)).ToArray()));
            Assert.That(second.PageSize, Is.EqualTo(DriverDefaultPageSize));
            Assert.That((ushort?)second.SerialConsistency, Is.EqualTo(UpdateDataSerialConsistency));
            Assert.That(second.DefaultTimestamp, Is.EqualTo(UpdateDataTimestamp));
            Assert.That(peer.Faults, Is.Empty);
        });
    }

    [Test]
    public async Task Rows_decode_to_exact_values_including_bigint_past_2_pow_53_and_nulls()
    {
        await using var peer = await StartPeerAsync();
        using var run = await NodeDriverHarness.RunAsync(Rows, peer);
        Dump(Rows, peer);

        var select = run.Step("select");
        Assert.That(select.TryGetProperty("rows", out var rows), Is.True, run.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(select.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()),
                Is.EqualTo(SelectRowsColumns.Select(c => c.Name)));
            Assert.That(select.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("type").GetInt32()),
                Is.EqualTo(InteropResponder.SelectRowsColumnSpecs.Select(c => (int)c.Type.Id)));

            // Exactly as the driver decoded them: bigint as a decimal string, blob hex, timestamp in epoch ms.
            Assert.That(rows.GetRawText(), Is.EqualTo(
                """[["user:1","9007199254740993","{\"name\":\"Ada\"}",true,"00ff10",1700000000123,"f81d4fae-7dec-11d0-a765-00a0c91e6bf6",-5],""" +
                """["user:2",null,null,null,null,null,null,null]]"""));
        });

        var statements = AfterHandshake(peer);
        Assert.That(statements.Select(r => r.OpcodeName), Is.EqualTo(new[] { "PREPARE", "EXECUTE" }));
        var p = statements[1].Parameters!;
        Assert.Multiple(() =>
        {
            Assert.That(statements[0].Query, Is.EqualTo(SelectRows));
            Assert.That(statements[1].PreparedId, Is.EqualTo(ScriptedCqlPeer.PreparedIdFor(SelectRows)));
            Assert.That(p.Consistency, Is.EqualTo(CqlConsistency.LocalOne), "the driver's default consistency");
            Assert.That(p.Flags, Is.EqualTo(QueryParameters.ValuesFlag | QueryParameters.PageSizeFlag), "the driver never asks Skip_metadata");
            Assert.That(ValueBytes(p), Is.EqualTo(new[] { CqlValueCodec.Encode(CqlType.Text, "user:1") }));
            Assert.That(peer.Faults, Is.Empty);
        });
    }

    [Test]
    public async Task Batch_sends_logged_then_unlogged_with_prepared_entries()
    {
        await using var peer = await StartPeerAsync();
        using var run = await NodeDriverHarness.RunAsync(Batch, peer);
        Dump(Batch, peer);

        Assert.Multiple(() =>
        {
            Assert.That(run.Step("logged").GetProperty("ok").GetBoolean(), Is.True, run.ToString());
            Assert.That(run.Step("unlogged").GetProperty("ok").GetBoolean(), Is.True, run.ToString());
        });

        var statements = AfterHandshake(peer);
        Assert.That(statements.Select(r => r.OpcodeName), Is.EqualTo(new[] { "PREPARE", "BATCH", "BATCH" }), "prepared once, then reused");
        var id = ScriptedCqlPeer.PreparedIdFor(Upsert);
        var expectedValues = new[] { BatchFirstValues, BatchSecondValues }
            .Select(values => Encode(InteropResponder.UpsertBindVariableSpecs, values)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(statements[1].BatchType, Is.EqualTo(BatchType.Logged));
            Assert.That(statements[1].Frame.Body[0], Is.EqualTo((byte)0), "type byte of a logged batch");
            Assert.That(statements[2].BatchType, Is.EqualTo(BatchType.Unlogged));
            Assert.That(statements[2].Frame.Body[0], Is.EqualTo((byte)1), "type byte of an unlogged batch");
            foreach (var batch in statements.Skip(1))
            {
                var entries = batch.BatchEntries!;
                Assert.That(entries, Has.Count.EqualTo(2));
                Assert.That(entries.All(e => e.IsPrepared && e.Query == Upsert && e.PreparedId!.SequenceEqual(id)), Is.True);
                Assert.That(entries.Select(e => e.Values.Select(v => v.Bytes).ToArray()), Is.EqualTo(expectedValues));
                Assert.That((ushort)batch.Parameters!.Consistency, Is.EqualTo(BatchConsistency));
                Assert.That(batch.Parameters.Flags, Is.Zero, "no serial consistency, no timestamp");
                Assert.That(batch.Parameters.SerialConsistency, Is.Null);
                Assert.That(batch.Parameters.DefaultTimestamp, Is.Null);
            }

            Assert.That(statements[1].Frame.Body.AsSpan(1).SequenceEqual(statements[2].Frame.Body.AsSpan(1)), Is.True,
                "the two batches differ only in the type byte");
            Assert.That(peer.Faults, Is.Empty);
        });
    }

    [Test]
    public async Task Errors_decode_with_their_fields_and_unprepared_is_reprepared()
    {
        var responder = new InteropResponder();
        await using var peer = await StartPeerAsync(responder: responder);
        using var run = await NodeDriverHarness.RunAsync(Errors, peer);
        Dump(Errors, peer);

        JsonElement Error(string step) => run.Step(step).GetProperty("error");
        Assert.Multiple(() =>
        {
            var unavailable = Error("unavailable");
            Assert.That(unavailable.GetProperty("code").GetInt32(), Is.EqualTo(CqlErrorCode.Unavailable));
            Assert.That(unavailable.GetProperty("consistencies").GetInt32(), Is.EqualTo((int)CqlConsistency.LocalQuorum));
            Assert.That(unavailable.GetProperty("required").GetInt32(), Is.EqualTo(2));
            Assert.That(unavailable.GetProperty("alive").GetInt32(), Is.EqualTo(1));

            Assert.That(Error("overloaded").GetProperty("code").GetInt32(), Is.EqualTo(CqlErrorCode.Overloaded));
            Assert.That(Error("overloaded").GetProperty("message").GetString(), Is.EqualTo("Server is overloaded"));
            Assert.That(Error("bootstrapping").GetProperty("code").GetInt32(), Is.EqualTo(CqlErrorCode.IsBootstrapping));

            var writeTimeout = Error("write_timeout");
            Assert.That(writeTimeout.GetProperty("code").GetInt32(), Is.EqualTo(CqlErrorCode.WriteTimeout));
            Assert.That(writeTimeout.GetProperty("consistencies").GetInt32(), Is.EqualTo((int)CqlConsistency.LocalQuorum));
            Assert.That(writeTimeout.GetProperty("received").GetInt32(), Is.EqualTo(1));
            Assert.That(writeTimeout.GetProperty("blockFor").GetInt32(), Is.EqualTo(2));
            Assert.That(writeTimeout.GetProperty("writeType").GetString(), Is.EqualTo("SIMPLE"));

            var readTimeout = Error("read_timeout");
            Assert.That(readTimeout.GetProperty("code").GetInt32(), Is.EqualTo(CqlErrorCode.ReadTimeout));
            Assert.That(readTimeout.GetProperty("consistencies").GetInt32(), Is.EqualTo((int)CqlConsistency.LocalQuorum));
            Assert.That(readTimeout.GetProperty("received").GetInt32(), Is.EqualTo(1));
            Assert.That(readTimeout.GetProperty("blockFor").GetInt32(), Is.EqualTo(2));
            Assert.That(readTimeout.GetProperty("isDataPresent").GetInt32(), Is.Zero);

            Assert.That(Error("syntax").GetProperty("code").GetInt32(), Is.EqualTo(CqlErrorCode.SyntaxError));
            Assert.That(Error("syntax").GetProperty("message").GetString(), Is.EqualTo("line 1:12 no viable alternative at input 'syntax'"));
            Assert.That(Error("invalid").GetProperty("code").GetInt32(), Is.EqualTo(CqlErrorCode.Invalid));
            Assert.That(Error("invalid").GetProperty("message").GetString(), Is.EqualTo("Invalid STRING constant (k) for \"key\" of type int"));
            Assert.That(Error("unauthorized").GetProperty("code").GetInt32(), Is.EqualTo(CqlErrorCode.Unauthorized));

            var exists = Error("already_exists");
            Assert.That(exists.GetProperty("code").GetInt32(), Is.EqualTo(CqlErrorCode.AlreadyExists));
            Assert.That(exists.GetProperty("keyspace").GetString(), Is.EqualTo("cachesync"));
            Assert.That(exists.GetProperty("table").GetString(), Is.EqualTo("already_exists"));

            Assert.That(run.Step("unprepared").GetProperty("ok").GetBoolean(), Is.True, run.ToString());
            Assert.That(responder.UnpreparedExecutes, Is.EqualTo(2), "refused once, then executed");
        });

        var statements = AfterHandshake(peer);
        Assert.Multiple(() =>
        {
            // A syntax error comes back on the PREPARE, so its statement is never executed.
            var syntax = ErrorStatement("syntax");
            Assert.That(statements.Count(r => r.Query == syntax), Is.EqualTo(1));
            Assert.That(statements.Single(r => r.Query == syntax).Opcode, Is.EqualTo(CqlOpcode.Prepare));
            foreach (var table in ErrorTables.Where(t => t != "syntax"))
            {
                Assert.That(statements.Where(r => r.Query == ErrorStatement(table)).Select(r => r.OpcodeName),
                    Is.EqualTo(new[] { "PREPARE", "EXECUTE" }), table);
            }

            // Unprepared: EXECUTE refused, the driver PREPAREs again and repeats the same EXECUTE.
            var unprepared = statements.Where(r => r.Query == UnpreparedInsert).ToArray();
            Assert.That(unprepared.Select(r => r.OpcodeName), Is.EqualTo(new[] { "PREPARE", "EXECUTE", "PREPARE", "EXECUTE" }));
            Assert.That(unprepared[3].Frame.Body, Is.EqualTo(unprepared[1].Frame.Body), "the retried EXECUTE is the same request");
            Assert.That(unprepared[3].PreparedId, Is.EqualTo(ScriptedCqlPeer.PreparedIdFor(UnpreparedInsert)));
            Assert.That(peer.Faults, Is.Empty);
        });
    }

    [Test]
    public async Task Schema_change_and_set_keyspace_results_are_accepted()
    {
        await using var peer = await StartPeerAsync();
        using var run = await NodeDriverHarness.RunAsync(Schema, peer);
        Dump(Schema, peer);

        Assert.Multiple(() =>
        {
            foreach (var step in new[] { "create_keyspace", "create_table", "use" })
            {
                Assert.That(run.Step(step).TryGetProperty("ok", out _), Is.True, run.ToString());
            }

            Assert.That(AfterHandshake(peer).Select(r => r.Query), Is.EqualTo(new[] { CreateKeyspace, CreateTable, UseKeyspace }));
            Assert.That(peer.Faults, Is.Empty);
        });
    }

    private static Task<ScriptedCqlPeer> StartPeerAsync(PeerCredentials? credentials = null, InteropResponder? responder = null) =>
        ScriptedCqlPeer.StartAsync(new PeerOptions
        {
            Responder = (responder ?? new InteropResponder()).Answer,
            RequiredCredentials = credentials,
        });

    /// <summary>The requests after the driver's connection set-up (STARTUP … REGISTER).</summary>
    private static List<PeerRequest> AfterHandshake(ScriptedCqlPeer peer)
    {
        var requests = peer.Requests;
        var register = requests.ToList().FindIndex(r => r.Opcode == CqlOpcode.Register);
        Assert.That(register, Is.GreaterThanOrEqualTo(0), "the driver registers for events once connected");
        return requests.Skip(register + 1).ToList();
    }

    /// <summary>Hex of the driver's frames of interest, for comparing another client's bytes with the judge's.</summary>
    private static void Dump(string scenario, ScriptedCqlPeer peer) =>
        FrameDump.Write(TestContext.Out, "node driver 4.10.0: " + scenario, FrameDump.OfInterest(peer.Frames));

    private static byte[]?[] ValueBytes(QueryParameters parameters) => parameters.Values.Select(v => v.Bytes).ToArray();

    private static byte[]?[] Encode(IReadOnlyList<ColumnSpec> specs, IReadOnlyList<object?> values) =>
        specs.Select((spec, i) => CqlValueCodec.Encode(spec.Type, values[i])).ToArray();

    private static byte[] LongString(string text) => new WireWriter().WriteLongString(text).ToArray();

    private static string?[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()).ToArray();
}
