using CacheSync.Stores.Cassandra.Cql;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Client;

/// <summary>
/// With client timestamps on, QUERY, EXECUTE and BATCH carry a default timestamp (flag 0x20) in microseconds,
/// close to now and strictly increasing; an explicit one is sent as given; with them off, none is sent.
/// </summary>
public class ClientTimestampTests
{
    private const string Insert = "INSERT INTO ks.kv (key, value) VALUES ('k', 'v')";

    private static long NowMicros() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;

    /// <summary>QUERY, EXECUTE, BATCH, three times over; returns what the peer saw of each, in order.</summary>
    private static async Task<IReadOnlyList<Peer.PeerRequest>> SendEachKindAsync(
        Peer.ScriptedCqlPeer peer, CqlSession session, long? timestamp)
    {
        var insert = await session.PrepareAsync(ClientKit.InsertKeyValue, CancellationToken.None).Bounded();
        peer.ClearRecords();
        var parameters = new QueryParameters(Consistency.One, Timestamp: timestamp);
        for (var round = 0; round < 3; round++)
        {
            await session.QueryAsync(Insert, parameters, CancellationToken.None).Bounded();
            await session.ExecuteAsync(insert, parameters with { Values = insert.Bind("k", "v") }, CancellationToken.None).Bounded();
            await session.BatchAsync(BatchType.Logged, [BatchEntry.Of(insert, insert.Bind("k", "v"))], Consistency.One, null, timestamp, CancellationToken.None).Bounded();
        }

        var traffic = ClientKit.Traffic(peer);
        Assert.That(traffic.Select(r => r.OpcodeName), Is.EqualTo(Enumerable.Repeat(new[] { "QUERY", "EXECUTE", "BATCH" }, 3).SelectMany(x => x)));
        return traffic;
    }

    [Test]
    public async Task Requests_without_a_timestamp_get_one_close_to_now_and_strictly_increasing()
    {
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = ClientKit.Echo });
        await using var session = new CqlSession(ClientKit.Options([peer.Port], clientTimestamps: true));

        var before = NowMicros();
        var traffic = await SendEachKindAsync(peer, session, timestamp: null);
        var after = NowMicros();

        var stamps = traffic.Select(r => r.Parameters!.DefaultTimestamp).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(traffic.Select(r => r.Parameters!.Flags & Peer.QueryParameters.DefaultTimestampFlag), Is.All.EqualTo(Peer.QueryParameters.DefaultTimestampFlag));
            Assert.That(stamps, Is.All.Not.Null);
            Assert.That(stamps, Is.All.InRange(before - 1_000_000, after + 1_000_000), "microseconds since the epoch, within a second of now");
            Assert.That(stamps, Is.Ordered.Ascending.And.Unique, "strictly increasing in the order sent");
        });
    }

    [Test]
    public async Task Explicit_timestamp_is_sent_as_given()
    {
        const long given = 1_234_567_890_123_456;
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = ClientKit.Echo });
        await using var session = new CqlSession(ClientKit.Options([peer.Port], clientTimestamps: true));

        var traffic = await SendEachKindAsync(peer, session, timestamp: given);

        Assert.That(traffic.Select(r => r.Parameters!.DefaultTimestamp), Is.All.EqualTo(given));
    }

    [Test]
    public async Task Without_client_timestamps_none_is_sent()
    {
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = ClientKit.Echo });
        await using var session = new CqlSession(ClientKit.Options([peer.Port], clientTimestamps: false));

        var traffic = await SendEachKindAsync(peer, session, timestamp: null);

        Assert.Multiple(() =>
        {
            Assert.That(traffic.Select(r => r.Parameters!.Flags & Peer.QueryParameters.DefaultTimestampFlag), Is.All.Zero);
            Assert.That(traffic.Select(r => r.Parameters!.DefaultTimestamp), Is.All.Null);
        });
    }
}
