using System.Text;
using CacheSync.Testing.CqlPeer;

namespace CacheSync.Testing.CqlPeerTests;

/// <summary>The peer's own behaviour where the Node.js driver cannot exercise it (it never pipelines out of order here,
/// never asks Skip_metadata, always starts at v4).</summary>
[Parallelizable(ParallelScope.All)]
public class ScriptedCqlPeerTests
{
    [Test]
    public async Task Delayed_reply_is_overtaken_by_a_later_request_on_the_same_connection()
    {
        await using var peer = await ScriptedCqlPeer.StartAsync(new PeerOptions
        {
            Responder = r => r.Query == "INSERT slow" ? PeerReply.Void().WithDelay(TimeSpan.FromMilliseconds(300)) : PeerReply.Void(),
        });
        await using var client = await RawCqlConnection.OpenAsync(peer.Port);
        await client.StartupAsync();
        Assert.That((await client.ReadAsync()).Opcode, Is.EqualTo(CqlOpcode.Ready));

        await client.SendAsync(4, 1, CqlOpcode.Query, QueryBody("INSERT slow"));
        await client.SendAsync(4, 2, CqlOpcode.Query, QueryBody("INSERT fast"));
        var first = await client.ReadAsync();
        var second = await client.ReadAsync();
        Assert.Multiple(() =>
        {
            Assert.That(first.Stream, Is.EqualTo(2), "the undelayed reply goes out first");
            Assert.That(second.Stream, Is.EqualTo(1));
            Assert.That(first.Version, Is.EqualTo(0x84));
            Assert.That(second.Body, Is.EqualTo(new byte[] { 0, 0, 0, 1 }), "RESULT Void");
            Assert.That(peer.Requests.Select(r => r.Stream), Is.EqualTo(new short[] { 0, 1, 2 }));
        });
    }

    [Test]
    public async Task Concurrent_connections_are_served_and_recorded_apart()
    {
        await using var peer = await ScriptedCqlPeer.StartAsync();
        var clients = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RawCqlConnection.OpenAsync(peer.Port)));
        try
        {
            await Task.WhenAll(clients.Select(c => c.StartupAsync(stream: 7)));
            var replies = await Task.WhenAll(clients.Select(c => c.ReadAsync()));
            Assert.Multiple(() =>
            {
                Assert.That(replies.Select(r => r.Opcode), Is.All.EqualTo(CqlOpcode.Ready));
                Assert.That(replies.Select(r => r.Stream), Is.All.EqualTo(7));
                Assert.That(peer.ConnectionCount, Is.EqualTo(3));
                Assert.That(peer.Frames.Select(f => f.ConnectionId), Is.EquivalentTo(new[] { 1, 2, 3 }));
            });
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [TestCase((byte)5)]
    [TestCase((byte)3)]
    [TestCase((byte)2)]
    public async Task Other_protocol_version_gets_protocol_error_in_that_version_then_close(byte version)
    {
        await using var peer = await ScriptedCqlPeer.StartAsync();
        await using var client = await RawCqlConnection.OpenAsync(peer.Port);
        await client.SendAsync(version, 0, CqlOpcode.Startup, new WireWriter().WriteUnsignedShort(1).WriteString("CQL_VERSION").WriteString("3.0.0").ToArray());

        var reply = await client.ReadAsync();
        var reader = new WireReader(reply.Body);
        Assert.Multiple(async () =>
        {
            Assert.That(reply.Version, Is.EqualTo((byte)(0x80 | version)));
            Assert.That(reply.Opcode, Is.EqualTo(CqlOpcode.Error));
            Assert.That(reader.ReadInt(), Is.EqualTo(CqlErrorCode.ProtocolError));
            Assert.That(reader.ReadString(), Does.StartWith($"Invalid or unsupported protocol version ({version})"));
            Assert.That(await client.IsClosedByPeerAsync(), Is.True);
            Assert.That(peer.Frames.Single().Version, Is.EqualTo(version));
        });
    }

    [Test]
    public async Task Query_before_startup_is_a_protocol_error()
    {
        await using var peer = await ScriptedCqlPeer.StartAsync();
        await using var client = await RawCqlConnection.OpenAsync(peer.Port);
        await client.SendAsync(4, 3, CqlOpcode.Query, QueryBody("SELECT * FROM system.local"));
        var reply = await client.ReadAsync();
        Assert.Multiple(() =>
        {
            Assert.That(reply.Stream, Is.EqualTo(3));
            Assert.That(new WireReader(reply.Body).ReadInt(), Is.EqualTo(CqlErrorCode.ProtocolError));
        });
    }

    [Test]
    public async Task Execute_of_an_unknown_id_is_answered_unprepared_with_that_id()
    {
        await using var peer = await ScriptedCqlPeer.StartAsync();
        await using var client = await RawCqlConnection.OpenAsync(peer.Port);
        await client.StartupAsync();
        await client.ReadAsync();

        byte[] id = [1, 2, 3, 4];
        await client.SendAsync(4, 1, CqlOpcode.Execute, new WireWriter().WriteShortBytes(id).WriteConsistency(CqlConsistency.One).WriteByte(0).ToArray());
        var reader = new WireReader((await client.ReadAsync()).Body);
        Assert.Multiple(() =>
        {
            Assert.That(reader.ReadInt(), Is.EqualTo(CqlErrorCode.Unprepared));
            reader.ReadString();
            Assert.That(reader.ReadShortBytes(), Is.EqualTo(id));
        });
    }

    [Test]
    public async Task Skip_metadata_gets_rows_without_column_specs()
    {
        const string select = "SELECT v FROM ks.t WHERE k = ?";
        await using var peer = await ScriptedCqlPeer.StartAsync(new PeerOptions
        {
            Responder = r => r.Opcode == CqlOpcode.Prepare
                ? PeerReply.Prepared("ks", "t", [new("k", CqlType.Text)], [0], [new("v", CqlType.Int)])
                : PeerReply.Rows("ks", "t", [new("v", CqlType.Int)], [[7], [null]]),
        });
        await using var client = await RawCqlConnection.OpenAsync(peer.Port);
        await client.StartupAsync();
        await client.ReadAsync();
        await client.SendAsync(4, 1, CqlOpcode.Prepare, new WireWriter().WriteLongString(select).ToArray());
        await client.ReadAsync();

        var execute = new WireWriter().WriteShortBytes(ScriptedCqlPeer.PreparedIdFor(select)).WriteConsistency(CqlConsistency.One)
            .WriteByte(QueryParameters.ValuesFlag | QueryParameters.SkipMetadataFlag).WriteUnsignedShort(1).WriteBytes("a"u8.ToArray());
        await client.SendAsync(4, 2, CqlOpcode.Execute, execute.ToArray());
        var reader = new WireReader((await client.ReadAsync()).Body);
        Assert.Multiple(() =>
        {
            Assert.That(reader.ReadInt(), Is.EqualTo(2), "kind Rows");
            Assert.That(reader.ReadInt() & 0x0004, Is.EqualTo(0x0004), "No_metadata");
            Assert.That(reader.ReadInt(), Is.EqualTo(1), "columns_count still present");
            Assert.That(reader.ReadInt(), Is.EqualTo(2), "rows_count follows directly");
            Assert.That(reader.ReadBytes(), Is.EqualTo(new byte[] { 0, 0, 0, 7 }));
            Assert.That(reader.ReadBytes(), Is.Null);
            Assert.That(peer.Requests[^1].Parameters!.SkipMetadata, Is.True);
        });
    }

    [Test]
    public async Task Bad_credentials_are_answered_with_authentication_error()
    {
        await using var peer = await ScriptedCqlPeer.StartAsync(new PeerOptions { RequiredCredentials = new("u", "p") });
        await using var client = await RawCqlConnection.OpenAsync(peer.Port);
        await client.StartupAsync();
        var authenticate = await client.ReadAsync();
        await client.SendAsync(4, 1, CqlOpcode.AuthResponse, new WireWriter().WriteBytes(Encoding.UTF8.GetBytes("\0u\0wrong")).ToArray());
        var reply = await client.ReadAsync();
        Assert.Multiple(() =>
        {
            Assert.That(authenticate.Opcode, Is.EqualTo(CqlOpcode.Authenticate));
            Assert.That(new WireReader(authenticate.Body).ReadString(), Is.EqualTo("org.apache.cassandra.auth.PasswordAuthenticator"));
            Assert.That(reply.Opcode, Is.EqualTo(CqlOpcode.Error));
            Assert.That(new WireReader(reply.Body).ReadInt(), Is.EqualTo(CqlErrorCode.BadCredentials));
        });
    }

    [Test]
    public void Values_round_trip_through_the_codec()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CqlValueCodec.Encode(CqlType.Bigint, 9007199254740993L), Is.EqualTo(new byte[] { 0, 0x20, 0, 0, 0, 0, 0, 1 }));
            Assert.That(CqlValueCodec.Encode(CqlType.Uuid, Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")),
                Is.EqualTo(Convert.FromHexString("f81d4fae7dec11d0a76500a0c91e6bf6")));
            Assert.That(CqlValueCodec.Encode(CqlType.Timestamp, DateTimeOffset.FromUnixTimeMilliseconds(1700000000123)),
                Is.EqualTo(Convert.FromHexString("0000018BCFE5687B")));
            Assert.That(CqlValueCodec.Encode(CqlType.SetOf(CqlType.Text), new[] { "a" }), Is.EqualTo(new byte[] { 0, 0, 0, 1, 0, 0, 0, 1, (byte)'a' }));
            Assert.That(CqlValueCodec.Encode(CqlType.Text, null), Is.Null);
            Assert.That(CqlValueCodec.Decode(CqlType.Double, CqlValueCodec.Encode(CqlType.Double, 1.5)), Is.EqualTo(1.5));
            Assert.That(CqlValueCodec.Decode(CqlType.Inet, CqlValueCodec.Encode(CqlType.Inet, "127.0.0.1"))!.ToString(), Is.EqualTo("127.0.0.1"));
        });
    }

    private static byte[] QueryBody(string query) =>
        new WireWriter().WriteLongString(query).WriteConsistency(CqlConsistency.One).WriteByte(0).ToArray();
}
