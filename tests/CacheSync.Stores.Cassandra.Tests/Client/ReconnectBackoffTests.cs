using System.Diagnostics;
using CacheSync.Stores.Cassandra.Cql;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Client;

/// <summary>
/// A node that went away fails requests with <see cref="CqlConnectionException"/>; while it is in backoff it fails
/// them at once without trying to connect; after the backoff the next request reconnects.
/// </summary>
public class ReconnectBackoffTests
{
    [Test]
    public async Task Node_that_went_away_fails_fast_during_backoff_and_is_reconnected_after_it()
    {
        var port = ClientKit.FreePort();
        var baseDelay = TimeSpan.FromMilliseconds(250);
        var connectTimeout = TimeSpan.FromSeconds(2);
        var first = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Port = port, Responder = ClientKit.Echo });
        await using var session = new CqlSession(ClientKit.Options([port], connectTimeout: connectTimeout, reconnectBaseDelay: baseDelay));
        Assert.That(ClientKit.Echoed(await session.QueryAsync("SELECT 'before'", ClientKit.One, CancellationToken.None).Bounded()), Is.EqualTo("SELECT 'before'"));

        await first.DisposeAsync();
        // The first request may still find the old connection (and fail on it) or find it closed and be refused;
        // by the second, a connection attempt has been refused for sure and the node is in backoff.
        Assert.That(async () => await session.QueryAsync("SELECT 'gone 1'", ClientKit.One, CancellationToken.None).Bounded(), Throws.TypeOf<CqlConnectionException>());
        Assert.That(async () => await session.QueryAsync("SELECT 'gone 2'", ClientKit.One, CancellationToken.None).Bounded(), Throws.TypeOf<CqlConnectionException>());

        // The node is back already, but the session must not knock before the pause is over.
        await using var second = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Port = port, Responder = ClientKit.Echo });
        var watch = Stopwatch.StartNew();
        var backingOff = Assert.ThrowsAsync<CqlConnectionException>(async () => await session.QueryAsync("SELECT 'backoff'", ClientKit.One, CancellationToken.None).Bounded());
        var failedAfter = watch.Elapsed;
        Assert.Multiple(() =>
        {
            Assert.That(failedAfter, Is.LessThan(TimeSpan.FromMilliseconds(150)), "a node in backoff fails the request at once");
            Assert.That(backingOff!.Message, Does.Contain("next connection attempt"));
            Assert.That(second.ConnectionCount, Is.Zero, "no connection attempt during the backoff");
        });

        // failures = 1: the pause is base ± 20%, so twice the base is past it.
        await Task.Delay(baseDelay * 2);
        var after = await session.QueryAsync("SELECT 'after'", ClientKit.One, CancellationToken.None).Bounded();
        Assert.Multiple(() =>
        {
            Assert.That(ClientKit.Echoed(after), Is.EqualTo("SELECT 'after'"));
            Assert.That(second.ConnectionCount, Is.EqualTo(1));
        });
    }
}
