using CacheSync.Stores.Cassandra.Cql;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Client;

/// <summary>
/// A request whose node is unreachable, overloaded or bootstrapping moves on to the next node; an answer about
/// the cluster's state (Unavailable) does not, since every coordinator would give the same.
/// </summary>
public class FailoverTests
{
    [Test]
    public async Task Unreachable_contact_point_is_skipped_and_every_request_succeeds()
    {
        var closed = ClientKit.FreePort();
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = ClientKit.Echo });
        await using var session = new CqlSession(ClientKit.Options([closed, peer.Port], reconnectBaseDelay: TimeSpan.FromMilliseconds(20)));

        for (var i = 0; i < 20; i++)
        {
            var query = $"SELECT {i}";
            var answer = await session.QueryAsync(query, ClientKit.One, CancellationToken.None).Bounded();
            Assert.That(ClientKit.Echoed(answer), Is.EqualTo(query), $"request {i}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(ClientKit.Traffic(peer), Has.Count.EqualTo(20));
            Assert.That(peer.ConnectionCount, Is.EqualTo(1));
        });
    }

    [TestCase("Overloaded")]
    [TestCase("IsBootstrapping")]
    public async Task Overloaded_or_bootstrapping_node_passes_the_request_to_the_next_node(string error)
    {
        await using var refusing = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions
        {
            Responder = _ => error == "Overloaded" ? Peer.PeerReply.Overloaded() : Peer.PeerReply.IsBootstrapping(),
        });
        await using var healthy = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = ClientKit.Echo });
        await using var session = new CqlSession(ClientKit.Options([refusing.Port, healthy.Port]));

        // Round robin: half of the requests start at the refusing node.
        for (var i = 0; i < 6; i++)
        {
            var query = $"SELECT {i}";
            var answer = await session.QueryAsync(query, ClientKit.One, CancellationToken.None).Bounded();
            Assert.That(ClientKit.Echoed(answer), Is.EqualTo(query), $"request {i}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(ClientKit.Traffic(refusing), Is.Not.Empty, "some requests went to the refusing node first");
            Assert.That(ClientKit.Traffic(healthy).Select(r => r.Query), Is.EqualTo(Enumerable.Range(0, 6).Select(i => $"SELECT {i}")));
        });
    }

    [Test]
    public async Task Unavailable_is_not_moved_to_another_node_and_surfaces_as_a_retryable_server_error()
    {
        static Peer.PeerReply Unavailable(Peer.PeerRequest _) => Peer.PeerReply.Unavailable(Peer.CqlConsistency.Quorum, required: 2, alive: 1);
        await using var first = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = Unavailable });
        await using var second = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = Unavailable });
        await using var session = new CqlSession(ClientKit.Options([first.Port, second.Port]));

        var error = Assert.ThrowsAsync<CqlServerException>(async () => await session.QueryAsync("SELECT 1", new QueryParameters(Consistency.Quorum), CancellationToken.None).Bounded());
        Assert.Multiple(() =>
        {
            Assert.That(error!.Code, Is.EqualTo(CqlErrorCode.Unavailable));
            Assert.That(error.IsRetryable, Is.True);
            Assert.That(error.Required, Is.EqualTo(2));
            Assert.That(error.Received, Is.EqualTo(1));
            Assert.That(ClientKit.Traffic(first).Count + ClientKit.Traffic(second).Count, Is.EqualTo(1), "the request was sent to one node only");
        });
    }
}
