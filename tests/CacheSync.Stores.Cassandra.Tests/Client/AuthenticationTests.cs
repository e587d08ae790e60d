using CacheSync.Stores.Cassandra.Cql;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Client;

/// <summary>A node that wants credentials: none configured or wrong ones is a prompt <see cref="CqlAuthenticationException"/>, never a hang.</summary>
public class AuthenticationTests
{
    private static readonly Peer.PeerCredentials Required = new("cachesync", "s3cret");

    [Test]
    public async Task Node_that_requires_credentials_and_a_session_without_them_fail_with_an_authentication_error()
    {
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = ClientKit.Echo, RequiredCredentials = Required });
        await using var session = new CqlSession(ClientKit.Options(peer.Port));

        var error = Assert.ThrowsAsync<CqlAuthenticationException>(async () => await session.QueryAsync("SELECT 1", ClientKit.One, CancellationToken.None).Bounded());
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("requires authentication"));
            Assert.That(error.Message, Does.Contain("no username and password"));
            Assert.That(ClientKit.Traffic(peer), Is.Empty);
        });

        // Asking again gives the same answer, not a hang nor a different error.
        Assert.That(async () => await session.QueryAsync("SELECT 2", ClientKit.One, CancellationToken.None).Bounded(), Throws.TypeOf<CqlAuthenticationException>());
    }

    [Test]
    public async Task Wrong_credentials_fail_with_an_authentication_error_naming_the_user()
    {
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = ClientKit.Echo, RequiredCredentials = Required });
        await using var session = new CqlSession(ClientKit.Options([peer.Port], username: "cachesync", password: "wrong"));

        var error = Assert.ThrowsAsync<CqlAuthenticationException>(async () => await session.QueryAsync("SELECT 1", ClientKit.One, CancellationToken.None).Bounded());
        Assert.That(error!.Message, Does.Contain("refused the credentials of user 'cachesync'").And.Not.Contain("wrong"));
    }

    [Test]
    public async Task Right_credentials_authenticate_and_the_request_runs()
    {
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = ClientKit.Echo, RequiredCredentials = Required });
        await using var session = new CqlSession(ClientKit.Options([peer.Port], username: "cachesync", password: "s3cret"));

        var answer = await session.QueryAsync("SELECT 1", ClientKit.One, CancellationToken.None).Bounded();
        Assert.That(ClientKit.Echoed(answer), Is.EqualTo("SELECT 1"));
    }
}
