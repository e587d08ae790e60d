using System.Diagnostics;
using CacheSync.Stores.Cassandra.Cql;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Client;

/// <summary>What a connection does when its node goes away or stops answering some requests: nobody waits out a timeout on a dead socket, and lost stream ids do not pile up.</summary>
public class ConnectionFailureTests
{
    [Test]
    public async Task A_request_waiting_for_its_answer_fails_as_soon_as_the_node_goes_away()
    {
        var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions
        {
            Responder = request => request.Query == "SELECT slow" ? ClientKit.EchoQuery("slow").WithDelay(TimeSpan.FromSeconds(30)) : ClientKit.Echo(request),
        });
        await using var session = new CqlSession(ClientKit.Options(peer.Port, requestTimeout: TimeSpan.FromSeconds(6)));
        await session.QueryAsync("SELECT warm", ClientKit.One, CancellationToken.None).Bounded();

        var watch = Stopwatch.StartNew();
        var waiting = session.QueryAsync("SELECT slow", ClientKit.One, CancellationToken.None);
        await Task.Delay(200);
        await peer.DisposeAsync();

        Assert.That(async () => await waiting.Bounded(), Throws.TypeOf<CqlConnectionException>());
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "failed with the connection, not after the 6 s timeout");
    }

    [Test]
    public async Task A_node_that_leaves_too_many_requests_unanswered_loses_its_connection()
    {
        // Requests to "SELECT lost" are never answered, while everything else is: frames keep flowing, so only the
        // count of ids held for late answers can tell that this connection is running out of them.
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions
        {
            Responder = request => request.Query == "SELECT lost" ? ClientKit.EchoQuery("lost").WithDelay(TimeSpan.FromMinutes(5)) : ClientKit.Echo(request),
        });
        var options = ClientKit.Options(peer.Port, requestTimeout: TimeSpan.FromMilliseconds(150));
        await using var session = new CqlSession(new CqlSessionOptions
        {
            ContactPoints = options.ContactPoints,
            RequestTimeout = options.RequestTimeout,
            ReconnectBaseDelay = options.ReconnectBaseDelay,
            Connection = new CqlConnectionSettings { MaxRequestsPerConnection = 4 },
        });

        for (var i = 0; i < 3; i++)
        {
            var lost = session.QueryAsync("SELECT lost", ClientKit.One, CancellationToken.None);
            await session.QueryAsync("SELECT alive", ClientKit.One, CancellationToken.None).Bounded(); // answered while "lost" waits
            Assert.That(async () => await lost.Bounded(), Throws.InstanceOf<TimeoutException>());
            Assert.That(peer.ConnectionCount, Is.EqualTo(1), "a node that answers other requests is not given up on for one lost answer");
        }

        Assert.That(ClientKit.Echoed(await session.QueryAsync("SELECT after", ClientKit.One, CancellationToken.None).Bounded()), Is.EqualTo("SELECT after"));
        Assert.That(peer.ConnectionCount, Is.EqualTo(2), "three of four ids lost: the connection was replaced");
    }
}
