using System.Diagnostics;
using CacheSync.Stores.Cassandra.Cql;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Client;

/// <summary>
/// A request that gets no answer in time fails with <see cref="CqlRequestTimeoutException"/>. Its stream id stays
/// taken until the late answer comes, so that answer can never reach a later request; and a node that answers
/// nothing at all is given up on.
/// </summary>
public class RequestTimeoutTests
{
    [Test]
    public async Task Late_answer_of_a_timed_out_request_is_not_handed_to_the_next_request()
    {
        var slowDelay = TimeSpan.FromMilliseconds(1400);
        var clock = Stopwatch.StartNew();
        TimeSpan? slowArrived = null;
        TimeSpan? nextDelay = null;
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions
        {
            Responder = request =>
            {
                switch (request.Query)
                {
                    case "SELECT 'slow'":
                        slowArrived = clock.Elapsed;
                        return ClientKit.EchoQuery(request.Query).WithDelay(slowDelay);
                    case "SELECT 'next'":
                        // Answer 200 ms after the late answer went out, so that it arrives while this request waits.
                        nextDelay = slowArrived!.Value + slowDelay + TimeSpan.FromMilliseconds(200) - clock.Elapsed;
                        return ClientKit.EchoQuery(request.Query).WithDelay(nextDelay.Value);
                    default:
                        return ClientKit.Echo(request);
                }
            },
        });
        await using var session = new CqlSession(ClientKit.Options(peer.Port, requestTimeout: TimeSpan.FromSeconds(1)));
        await session.QueryAsync("SELECT 'warm-up'", ClientKit.One, CancellationToken.None).Bounded();

        var slow = session.QueryAsync("SELECT 'slow'", ClientKit.One, CancellationToken.None);
        await ClientKit.EventuallyAsync(() => slowArrived is not null, "the slow request reached the peer");
        // The node answers something after the slow request went out, so the connection is alive and is kept.
        Assert.That(ClientKit.Echoed(await session.QueryAsync("SELECT 'alive'", ClientKit.One, CancellationToken.None).Bounded()), Is.EqualTo("SELECT 'alive'"));

        Assert.That(async () => await slow.Bounded(), Throws.TypeOf<CqlRequestTimeoutException>());
        var next = await session.QueryAsync("SELECT 'next'", ClientKit.One, CancellationToken.None).Bounded();

        var traffic = ClientKit.Traffic(peer);
        var slowStream = traffic.Single(r => r.Query == "SELECT 'slow'").Stream;
        var nextStream = traffic.Single(r => r.Query == "SELECT 'next'").Stream;
        Assert.Multiple(() =>
        {
            Assert.That(ClientKit.Echoed(next), Is.EqualTo("SELECT 'next'"), "the next request got the late answer of the timed-out one");
            Assert.That(nextDelay, Is.GreaterThan(TimeSpan.FromMilliseconds(200)), "the late answer arrived while the next request was waiting");
            Assert.That(nextStream, Is.Not.EqualTo(slowStream), "the timed-out request's stream id was reused before its answer came");
            Assert.That(peer.ConnectionCount, Is.EqualTo(1), "a node that answers other requests is not given up on");
        });
    }

    [Test]
    public async Task Node_that_answers_nothing_after_startup_is_given_up_on_and_the_next_request_reconnects()
    {
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions
        {
            // READY comes from the peer itself; everything after it is answered only long after the test is over.
            Responder = request => Peer.PeerReply.Void().WithDelay(TimeSpan.FromMinutes(10)),
        });
        await using var session = new CqlSession(ClientKit.Options(peer.Port, requestTimeout: TimeSpan.FromMilliseconds(300)));

        var watch = Stopwatch.StartNew();
        Assert.That(async () => await session.QueryAsync("SELECT 1", ClientKit.One, CancellationToken.None).Bounded(), Throws.TypeOf<CqlRequestTimeoutException>());
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "the timeout fired on time");
        Assert.That(peer.ConnectionCount, Is.EqualTo(1));

        Assert.That(async () => await session.QueryAsync("SELECT 2", ClientKit.One, CancellationToken.None).Bounded(), Throws.TypeOf<CqlRequestTimeoutException>());
        var queries = ClientKit.Traffic(peer);
        Assert.Multiple(() =>
        {
            Assert.That(peer.ConnectionCount, Is.EqualTo(2), "the silent connection was declared dead, so the next request opened a new one");
            Assert.That(queries.Select(r => (r.Query, r.ConnectionId)), Is.EqualTo(new[] { ("SELECT 1", 1), ("SELECT 2", 2) }));
        });
    }
}
