using System.Globalization;
using CacheSync.Stores.Cassandra.Cql;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Client;

/// <summary>Many requests share one connection, each under its own stream id, and each gets its own answer whatever the order of the replies.</summary>
public class MultiplexingTests
{
    [Test]
    public async Task Hundred_concurrent_requests_share_one_connection_and_each_gets_its_own_answer()
    {
        const int count = 100;
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions
        {
            Responder = request =>
            {
                if (request.Opcode != Peer.CqlOpcode.Execute) return ClientKit.Echo(request);

                // k0 answers last, k99 first: the replies come back in roughly the reverse order of the requests.
                var key = ClientKit.BoundKey(request);
                var i = int.Parse(key.AsSpan(1), CultureInfo.InvariantCulture);
                return ClientKit.EchoKey(key).WithDelay(TimeSpan.FromMilliseconds(count - i));
            },
        });
        await using var session = new CqlSession(ClientKit.Options(peer.Port));
        var select = await session.PrepareAsync(ClientKit.SelectByKey, CancellationToken.None).Bounded();

        var keys = Enumerable.Range(0, count).Select(i => $"k{i}").ToArray();
        var answers = await Task.WhenAll(keys.Select(key =>
            session.ExecuteAsync(select, new QueryParameters(Consistency.One, select.Bind(key)), CancellationToken.None))).Bounded();

        var executes = peer.Requests.Where(r => r.Opcode == Peer.CqlOpcode.Execute).ToArray();
        Assert.Multiple(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var row = ClientKit.Single(answers[i]);
                Assert.That(row.Get<string>("key"), Is.EqualTo(keys[i]), $"request {i} got another request's answer");
                Assert.That(row.Get<string>("value"), Is.EqualTo("value of " + keys[i]));
            }

            Assert.That(peer.ConnectionCount, Is.EqualTo(1), "every request went over the one connection");
            Assert.That(executes, Has.Length.EqualTo(count));
            Assert.That(executes.Select(r => r.ConnectionId).Distinct(), Is.EqualTo(new[] { 1 }));
            Assert.That(executes.Select(r => r.Stream).Distinct().Count(), Is.GreaterThan(1), "several stream ids were in flight at once");
            Assert.That(peer.Faults, Is.Empty);
        });
    }
}
