using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CacheSync.Stores.Cassandra.Cql;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Client;

/// <summary>
/// What the session tests share: short-fused session options, a responder that echoes what it was asked
/// (so each caller can tell its own answer from another's), and bounds so a hang fails a test instead of stalling it.
/// </summary>
internal static class ClientKit
{
    public const string Keyspace = "ks";
    public const string Table = "kv";

    /// <summary>Prepared by the tests; the peer answers each EXECUTE with one row echoing the bound key.</summary>
    public const string SelectByKey = "SELECT key, value FROM ks.kv WHERE key = ?";

    public const string InsertKeyValue = "INSERT INTO ks.kv (key, value) VALUES (?, ?)";

    /// <summary>The longest any single awaited operation may take before the test calls it a hang.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(8);

    public static readonly Peer.ColumnSpec KeyColumn = new("key", Peer.CqlType.Text);
    public static readonly Peer.ColumnSpec ValueColumn = new("value", Peer.CqlType.Text);

    public static QueryParameters One { get; } = new(Consistency.One);

    public static CqlSessionOptions Options(
        IEnumerable<int> ports,
        TimeSpan? requestTimeout = null,
        TimeSpan? connectTimeout = null,
        TimeSpan? reconnectBaseDelay = null,
        bool clientTimestamps = true,
        string? username = null,
        string? password = null) => new()
        {
            ContactPoints = ports.Select(p => $"127.0.0.1:{p}").ToArray(),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(3),
            ReconnectBaseDelay = reconnectBaseDelay ?? TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            ClientTimestamps = clientTimestamps,
            Connection = new CqlConnectionSettings
            {
                ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(2),
                Username = username,
                Password = password,
            },
        };

    public static CqlSessionOptions Options(int port, TimeSpan? requestTimeout = null) => Options([port], requestTimeout);

    /// <summary>
    /// PREPARE of <see cref="SelectByKey"/> or <see cref="InsertKeyValue"/> gets its metadata; EXECUTE of the select
    /// gets a row (key, "value of " + key); QUERY gets a one-column row echoing its text. Anything else: the peer's default.
    /// </summary>
    public static Peer.PeerReply? Echo(Peer.PeerRequest request) => request.Opcode switch
    {
        Peer.CqlOpcode.Prepare when request.Query == SelectByKey =>
            Peer.PeerReply.Prepared(Keyspace, Table, [KeyColumn], partitionKeyIndexes: [0], resultColumns: [KeyColumn, ValueColumn]),
        Peer.CqlOpcode.Prepare when request.Query == InsertKeyValue =>
            Peer.PeerReply.Prepared(Keyspace, Table, [KeyColumn, ValueColumn], partitionKeyIndexes: [0]),
        Peer.CqlOpcode.Execute when request.Query == SelectByKey => EchoKey(BoundKey(request)),
        Peer.CqlOpcode.Query => EchoQuery(request.Query!),
        _ => null,
    };

    public static Peer.PeerReply EchoKey(string key) =>
        Peer.PeerReply.Rows(Keyspace, Table, [KeyColumn, ValueColumn], [[key, "value of " + key]]);

    public static Peer.PeerReply EchoQuery(string query) =>
        Peer.PeerReply.Rows("system", "echo", [new Peer.ColumnSpec("echo", Peer.CqlType.Text)], [[query]]);

    /// <summary>The first bound value of an EXECUTE, as text.</summary>
    public static string BoundKey(Peer.PeerRequest request) => Encoding.UTF8.GetString(request.Values[0].Bytes!);

    /// <summary>The text a QUERY answered by <see cref="EchoQuery"/> got back.</summary>
    public static string Echoed(CqlResponse response) => Single(response).Get<string>("echo")!;

    public static CqlRow Single(CqlResponse response)
    {
        Assert.That(response, Is.InstanceOf<RowsResult>());
        var rows = ((RowsResult)response).Rows;
        Assert.That(rows, Has.Count.EqualTo(1));
        return rows[0];
    }

    /// <summary>The requests the responder saw (no STARTUP, no system tables): the ones a test sends.</summary>
    public static IReadOnlyList<Peer.PeerRequest> Traffic(Peer.ScriptedCqlPeer peer) =>
        peer.Requests.Where(r => r.Opcode is Peer.CqlOpcode.Query or Peer.CqlOpcode.Prepare or Peer.CqlOpcode.Execute or Peer.CqlOpcode.Batch).ToArray();

    /// <summary>A loopback port nothing listens on (at the time of asking).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Fails the test with a <see cref="TimeoutException"/> instead of hanging it.</summary>
    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(HangLimit);

    public static Task Bounded(this Task task) => task.WaitAsync(HangLimit);

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > HangLimit) Assert.Fail($"Timed out waiting until {what}.");
            await Task.Delay(5);
        }
    }
}
