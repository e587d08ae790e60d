using System.Diagnostics;
using CacheSync.Stores.Cassandra.Cql;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Client;

/// <summary>The caller's cancellation ends its wait with <see cref="OperationCanceledException"/>, not a timeout, and costs the session nothing.</summary>
public class CancellationTests
{
    private static Peer.PeerReply? SlowWhenAsked(Peer.PeerRequest request) =>
        request.Query == "SELECT 'slow'"
            ? ClientKit.EchoQuery(request.Query).WithDelay(TimeSpan.FromSeconds(3))
            : ClientKit.Echo(request);

    [Test]
    public async Task Cancelling_while_waiting_for_the_answer_throws_OperationCanceledException_and_the_session_keeps_working()
    {
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = SlowWhenAsked });
        await using var session = new CqlSession(ClientKit.Options(peer.Port, requestTimeout: TimeSpan.FromSeconds(5)));
        await session.QueryAsync("SELECT 'warm-up'", ClientKit.One, CancellationToken.None).Bounded();

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var watch = Stopwatch.StartNew();
        var thrown = Assert.CatchAsync<Exception>(async () => await session.QueryAsync("SELECT 'slow'", ClientKit.One, cancel.Token).Bounded());
        Assert.Multiple(() =>
        {
            Assert.That(thrown, Is.InstanceOf<OperationCanceledException>(), "cancellation is not a timeout");
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "the wait ended at cancellation, not at the answer or the timeout");
        });

        var after = await session.QueryAsync("SELECT 'after'", ClientKit.One, CancellationToken.None).Bounded();
        Assert.Multiple(() =>
        {
            Assert.That(ClientKit.Echoed(after), Is.EqualTo("SELECT 'after'"));
            Assert.That(peer.ConnectionCount, Is.EqualTo(1), "a cancelled request does not cost the connection");
        });
    }

    [Test]
    public async Task Already_cancelled_token_throws_OperationCanceledException_and_the_session_keeps_working()
    {
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = SlowWhenAsked });
        await using var session = new CqlSession(ClientKit.Options(peer.Port));

        Assert.That(
            async () => await session.QueryAsync("SELECT 'never'", ClientKit.One, new CancellationToken(canceled: true)).Bounded(),
            Throws.InstanceOf<OperationCanceledException>());
        var after = await session.QueryAsync("SELECT 'after'", ClientKit.One, CancellationToken.None).Bounded();
        Assert.That(ClientKit.Echoed(after), Is.EqualTo("SELECT 'after'"));
    }
}
