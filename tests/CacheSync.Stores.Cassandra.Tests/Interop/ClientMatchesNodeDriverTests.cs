using System.Globalization;
using System.Text.Json;
using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.InteropScenarios;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Interop;

/// <summary>
/// Our CQL client judged by an independent implementation: for each scenario the DataStax Node.js driver runs
/// against one scripted peer and our client performs the same operations, with the same values and consistency,
/// against another. The request frames must be the same bytes, and our client must decode the peer's answers
/// (prepared metadata, rows, errors) to the values the Node.js driver decoded.
/// </summary>
/// <remarks>
/// The driver sets Page_size (5000) on every statement, so the client is given the same page size here; it sends
/// no default timestamp unless told to, so client timestamps are off. Handshakes differ by design (the driver also
/// sends OPTIONS, reads system tables and registers for events), so STARTUP is compared by its CQL_VERSION.
/// </remarks>
[Parallelizable(ParallelScope.All)]
public class ClientMatchesNodeDriverTests
{
    private const int DriverPageSize = 5000;

    // JSON.stringify escapes only what it must; so does this.
    private static readonly JsonSerializerOptions AsDriverPrintsJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Test]
    public async Task Startup_and_password_authentication_send_what_the_driver_sends()
    {
        var credentials = new Peer.PeerCredentials(AuthUser, AuthPassword);
        await using var both = await RunBothAsync(Auth, credentials, async session =>
            await session.QueryAsync(SelectReleaseVersion, new QueryParameters(Consistency.One, PageSize: DriverPageSize), default));

        var driverStartup = both.Driver.Requests.First(r => r.Opcode == Peer.CqlOpcode.Startup).StartupOptions!;
        var ourStartup = both.Ours.Requests.First(r => r.Opcode == Peer.CqlOpcode.Startup).StartupOptions!;
        Assert.Multiple(() =>
        {
            Assert.That(ourStartup["CQL_VERSION"], Is.EqualTo(driverStartup["CQL_VERSION"]));
            Assert.That(ourStartup.ContainsKey("COMPRESSION"), Is.EqualTo(driverStartup.ContainsKey("COMPRESSION")));
            Assert.That(Body(both.Ours, Peer.CqlOpcode.AuthResponse), Is.EqualTo(Body(both.Driver, Peer.CqlOpcode.AuthResponse)), "the SASL PLAIN token");
            Assert.That(both.Ours.Requests[0].Opcode, Is.EqualTo(Peer.CqlOpcode.Startup), "STARTUP is the first message");
        });
    }

    [Test]
    public async Task Wrong_credentials_are_refused_with_a_clear_error()
    {
        await using var peer = await StartPeerAsync(new Peer.PeerCredentials(AuthUser, "another"));
        await using var session = Session(peer, withCredentials: true);

        var error = Assert.ThrowsAsync<CqlAuthenticationException>(() =>
            session.QueryAsync(SelectReleaseVersion, new QueryParameters(Consistency.One), default));
        Assert.That(error!.Message, Does.Contain("refused the credentials of user 'cachesync'"));
    }

    [Test]
    public async Task Prepare_and_execute_are_byte_for_byte_the_drivers()
    {
        PreparedStatement? prepared = null;
        await using var both = await RunBothAsync(PrepareExecute, null, async session =>
        {
            prepared = await session.PrepareAsync(Upsert, default);
            var values = prepared.Bind([.. UpsertValues]);
            await session.ExecuteAsync(prepared, new QueryParameters(Consistency.LocalQuorum, values, PageSize: DriverPageSize), default);
        });

        Assert.Multiple(() =>
        {
            Assert.That(Bodies(both.Ours, Peer.CqlOpcode.Prepare), Is.EqualTo(Bodies(both.Driver, Peer.CqlOpcode.Prepare)));
            Assert.That(Bodies(both.Ours, Peer.CqlOpcode.Execute), Is.EqualTo(Bodies(both.Driver, Peer.CqlOpcode.Execute)));
            Assert.That(prepared!.Id, Is.EqualTo(Peer.ScriptedCqlPeer.PreparedIdFor(Upsert)));
            Assert.That(prepared.Variables.Columns.Select(c => (c.Name, c.Type.ToString())), Is.EqualTo(UpsertBindVariables));
            Assert.That(prepared.Variables.PartitionKeyIndexes, Is.EqualTo(new[] { 0 }));
        });
    }

    [Test]
    public async Task Queries_with_values_serial_consistency_and_timestamp_are_byte_for_byte_the_drivers()
    {
        CqlResponse? select = null;
        await using var both = await RunBothAsync(Query, null, async session =>
        {
            select = await session.QueryAsync(SelectReleaseVersion, new QueryParameters(Consistency.One, PageSize: DriverPageSize), default);
            var text = CqlType.Of(CqlTypeCode.Varchar);
            var values = UpdateDataValues.Select(v => CqlValueCodec.Serialize(v, text)).ToArray();
            await session.QueryAsync(UpdateData, new QueryParameters(Consistency.LocalQuorum, values, PageSize: DriverPageSize,
                SerialConsistency: Consistency.LocalSerial, Timestamp: UpdateDataTimestamp), default);
        });

        Assert.Multiple(() =>
        {
            Assert.That(Bodies(both.Ours, Peer.CqlOpcode.Query), Is.EqualTo(Bodies(both.Driver, Peer.CqlOpcode.Query).TakeLast(2)));
            Assert.That(((RowsResult)select!).Rows.Single()["release_version"], Is.EqualTo(both.Driver.Run.Step("select").GetProperty("rows")[0][0].GetString()));
        });
    }

    [Test]
    public async Task Rows_decode_to_the_values_the_driver_decodes()
    {
        RowsResult? rows = null;
        await using var both = await RunBothAsync(Rows, null, async session =>
        {
            var prepared = await session.PrepareAsync(SelectRows, default);
            rows = (RowsResult)await session.ExecuteAsync(prepared,
                new QueryParameters(Consistency.LocalOne, prepared.Bind([.. SelectRowsValues]), PageSize: DriverPageSize), default);
        });

        // The driver printed bigint as a decimal string, blob as hex, timestamp as epoch ms, uuid as text.
        var ourRows = JsonSerializer.Serialize(rows!.Rows.Select(row => Enumerable.Range(0, row.Count).Select(i => AsDriverPrints(row[i])).ToArray()), AsDriverPrintsJson);
        Assert.Multiple(() =>
        {
            Assert.That(ourRows, Is.EqualTo(both.Driver.Run.Step("select").GetProperty("rows").GetRawText()));
            Assert.That(rows.Metadata.Columns.Select(c => (c.Name, c.Type.ToString())), Is.EqualTo(SelectRowsColumns));
            Assert.That(rows.Metadata.Columns.All(c => c.Keyspace == Keyspace && c.Table == Table), Is.True);
            Assert.That(Bodies(both.Ours, Peer.CqlOpcode.Execute), Is.EqualTo(Bodies(both.Driver, Peer.CqlOpcode.Execute)));
        });
    }

    [Test]
    public async Task Logged_and_unlogged_batches_are_byte_for_byte_the_drivers()
    {
        await using var both = await RunBothAsync(Batch, null, async session =>
        {
            var prepared = await session.PrepareAsync(Upsert, default);
            BatchEntry[] entries = [BatchEntry.Of(prepared, prepared.Bind([.. BatchFirstValues])), BatchEntry.Of(prepared, prepared.Bind([.. BatchSecondValues]))];
            await session.BatchAsync(BatchType.Logged, entries, Consistency.LocalQuorum, null, null, default);
            await session.BatchAsync(BatchType.Unlogged, entries, Consistency.LocalQuorum, null, null, default);
        });

        Assert.That(Bodies(both.Ours, Peer.CqlOpcode.Batch), Is.EqualTo(Bodies(both.Driver, Peer.CqlOpcode.Batch)));
        Assert.That(Bodies(both.Ours, Peer.CqlOpcode.Batch), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Errors_decode_to_the_codes_and_fields_the_driver_reports_and_unprepared_is_reprepared()
    {
        var errors = new Dictionary<string, CqlServerException>();
        await using var both = await RunBothAsync(Errors, null, async session =>
        {
            foreach (var table in ErrorTables)
            {
                errors[table] = await CaptureAsync(async () =>
                {
                    var prepared = await session.PrepareAsync(ErrorStatement(table), default);
                    await session.ExecuteAsync(prepared, new QueryParameters(Consistency.LocalQuorum, prepared.Bind([.. ErrorValues]), PageSize: DriverPageSize), default);
                });
            }

            errors["already_exists"] = await CaptureAsync(() =>
                session.QueryAsync(CreateExistingTable, new QueryParameters(Consistency.LocalQuorum, PageSize: DriverPageSize), default));
            var unprepared = await session.PrepareAsync(UnpreparedInsert, default);
            await session.ExecuteAsync(unprepared, new QueryParameters(Consistency.LocalQuorum, unprepared.Bind([.. ErrorValues]), PageSize: DriverPageSize), default);
        });

        Assert.Multiple(() =>
        {
            foreach (var (step, error) in errors)
            {
                var reported = both.Driver.Run.Step(step).GetProperty("error");
                Assert.That((int)error.Code, Is.EqualTo(reported.GetProperty("code").GetInt32()), step);
                // For unavailable and timeouts the driver prints a message of its own making instead of the server's.
                if (error.Code is not (CqlErrorCode.Unavailable or CqlErrorCode.ReadTimeout or CqlErrorCode.WriteTimeout))
                {
                    Assert.That(error.ServerMessage, Is.EqualTo(reported.GetProperty("message").GetString()), step);
                }

                if (reported.TryGetProperty("consistencies", out var cl)) Assert.That((int?)error.Consistency, Is.EqualTo(cl.GetInt32()), step);
                if (reported.TryGetProperty("required", out var required)) Assert.That(error.Required, Is.EqualTo(required.GetInt32()), step);
                if (reported.TryGetProperty("alive", out var alive)) Assert.That(error.Received, Is.EqualTo(alive.GetInt32()), step);
                if (reported.TryGetProperty("received", out var received)) Assert.That(error.Received, Is.EqualTo(received.GetInt32()), step);
                if (reported.TryGetProperty("blockFor", out var blockFor)) Assert.That(error.Required, Is.EqualTo(blockFor.GetInt32()), step);
                if (reported.TryGetProperty("writeType", out var writeType)) Assert.That(error.WriteType, Is.EqualTo(writeType.GetString()), step);
                if (reported.TryGetProperty("isDataPresent", out var present)) Assert.That(error.DataPresent, Is.EqualTo(present.GetInt32() != 0), step);
                if (reported.TryGetProperty("keyspace", out var keyspace) && keyspace.ValueKind == JsonValueKind.String) Assert.That(error.Keyspace, Is.EqualTo(keyspace.GetString()), step);
                if (reported.TryGetProperty("table", out var table) && table.ValueKind == JsonValueKind.String) Assert.That(error.Table, Is.EqualTo(table.GetString()), step);
            }

            Assert.That(errors.Keys, Is.EquivalentTo(ErrorTables.Append("already_exists")));
            Assert.That(errors["unavailable"].IsRetryable && errors["overloaded"].IsRetryable && errors["write_timeout"].IsRetryable, Is.True);
            Assert.That(errors["syntax"].IsRetryable || errors["invalid"].IsRetryable || errors["unauthorized"].IsRetryable, Is.False);

            // The unprepared statement: PREPARE, EXECUTE (refused), PREPARE again, EXECUTE, exactly as the driver does.
            Assert.That(Sequence(both.Ours, UnpreparedInsert), Is.EqualTo(Sequence(both.Driver, UnpreparedInsert)));
            Assert.That(Bodies(both.Ours, Peer.CqlOpcode.Execute).TakeLast(2), Is.EqualTo(Bodies(both.Driver, Peer.CqlOpcode.Execute).TakeLast(2)));
        });
    }

    private static async Task<CqlServerException> CaptureAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (CqlServerException e)
        {
            return e;
        }

        throw new AssertionException("the peer was expected to answer with an error");
    }

    private static object? AsDriverPrints(object? value) => value switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexStringLower(bytes),
        DateTimeOffset instant => instant.ToUnixTimeMilliseconds(),
        Guid id => id.ToString(),
        _ => value,
    };

    private sealed record Side(Peer.ScriptedCqlPeer Peer, NodeDriverRun Run)
    {
        public IReadOnlyList<Peer.PeerRequest> Requests => Peer.Requests;
    }

    /// <summary>Both peers of a comparison: the one the driver talked to, and the one our client talked to.</summary>
    private sealed record Comparison(Side Driver, Side Ours) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Driver.Run.Dispose();
            await Driver.Peer.DisposeAsync();
            await Ours.Peer.DisposeAsync();
        }
    }

    /// <summary>Runs the driver's scenario against one peer and our client against another; both peers answer alike.</summary>
    private static async Task<Comparison> RunBothAsync(string scenario, Peer.PeerCredentials? credentials, Func<CqlSession, Task> ourOperations)
    {
        var driverPeer = await StartPeerAsync(credentials);
        var ourPeer = await StartPeerAsync(credentials);
        var run = await NodeDriverHarness.RunAsync(scenario, driverPeer);
        var comparison = new Comparison(new Side(driverPeer, run), new Side(ourPeer, run));
        try
        {
            Assert.That(run.HasStep("fatal"), Is.False, run.ToString());
            await using (var session = Session(ourPeer, withCredentials: credentials is not null))
            {
                await ourOperations(session);
            }

            Assert.That(ourPeer.Faults, Is.Empty);
            Assert.That(ourPeer.Frames.All(f => f.Version == 0x04 && f.Flags == 0), Is.True, "v4 requests without compression, tracing or payload");
            FrameDump.Write(TestContext.Out, "our client: " + scenario, FrameDump.OfInterest(ourPeer.Frames));
            return comparison;
        }
        catch
        {
            await comparison.DisposeAsync();
            throw;
        }
    }

    private static Task<Peer.ScriptedCqlPeer> StartPeerAsync(Peer.PeerCredentials? credentials = null) =>
        Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = new InteropResponder().Answer, RequiredCredentials = credentials });

    private static CqlSession Session(Peer.ScriptedCqlPeer peer, bool withCredentials) => new(new CqlSessionOptions
    {
        ContactPoints = [$"127.0.0.1:{peer.Port}"],
        ClientTimestamps = false,
        RequestTimeout = TimeSpan.FromSeconds(10),
        Connection = new CqlConnectionSettings
        {
            Username = withCredentials ? AuthUser : null,
            Password = withCredentials ? AuthPassword : null,
        },
    });

    private static byte[] Body(Side side, byte opcode) => Bodies(side, opcode).Single();

    private static List<byte[]> Bodies(Side side, byte opcode) => side.Requests.Where(r => r.Opcode == opcode).Select(r => r.Frame.Body).ToList();

    /// <summary>The opcodes of the requests about one statement, in order.</summary>
    private static List<byte> Sequence(Side side, string query)
    {
        var id = Peer.ScriptedCqlPeer.PreparedIdFor(query);
        return side.Requests.Where(r => r.Query == query || (r.PreparedId is { } p && p.AsSpan().SequenceEqual(id))).Select(r => r.Opcode).ToList();
    }
}
