using CacheSync.Stores.Cassandra.Cql;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Client;

/// <summary>A statement is prepared once per session; a node that forgot it (Unprepared) gets it again, transparently.</summary>
public class PreparedStatementCacheTests
{
    private static string[] Opcodes(IEnumerable<Peer.PeerRequest> requests) => requests.Select(r => r.OpcodeName).ToArray();

    [Test]
    public async Task Preparing_the_same_text_twice_sends_one_PREPARE()
    {
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = ClientKit.Echo });
        await using var session = new CqlSession(ClientKit.Options(peer.Port));

        var once = await session.PrepareAsync(ClientKit.SelectByKey, CancellationToken.None).Bounded();
        var twice = await session.PrepareAsync(ClientKit.SelectByKey, CancellationToken.None).Bounded();

        Assert.Multiple(() =>
        {
            Assert.That(twice, Is.SameAs(once));
            Assert.That(once.Id, Is.EqualTo(Peer.ScriptedCqlPeer.PreparedIdFor(ClientKit.SelectByKey)));
            Assert.That(Opcodes(ClientKit.Traffic(peer)), Is.EqualTo(new[] { "PREPARE" }));
        });
    }

    [Test]
    public async Task Callers_racing_on_a_new_statement_share_one_PREPARE()
    {
        // The peer answers slowly, so every caller arrives while the first preparation is still in flight.
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions
        {
            Responder = request => ClientKit.Echo(request)?.WithDelay(TimeSpan.FromMilliseconds(200)),
        });
        await using var session = new CqlSession(ClientKit.Options(peer.Port));

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => session.PrepareAsync(ClientKit.SelectByKey, CancellationToken.None))).Bounded();

        Assert.That(all.Distinct().Count(), Is.EqualTo(1));
        Assert.That(Opcodes(ClientKit.Traffic(peer)), Is.EqualTo(new[] { "PREPARE" }));
    }

    [Test]
    public async Task Execute_on_a_node_that_forgot_the_statement_prepares_it_again_and_succeeds()
    {
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = ClientKit.Echo });
        await using var session = new CqlSession(ClientKit.Options(peer.Port));
        var select = await session.PrepareAsync(ClientKit.SelectByKey, CancellationToken.None).Bounded();

        peer.ForgetPreparedStatements();
        peer.ClearRecords();
        var answer = await session.ExecuteAsync(select, new QueryParameters(Consistency.One, select.Bind("k1")), CancellationToken.None).Bounded();

        Assert.Multiple(() =>
        {
            Assert.That(ClientKit.Single(answer).Get<string>("key"), Is.EqualTo("k1"));
            Assert.That(Opcodes(ClientKit.Traffic(peer)), Is.EqualTo(new[] { "EXECUTE", "PREPARE", "EXECUTE" }));
            Assert.That(ClientKit.Traffic(peer)[1].Query, Is.EqualTo(ClientKit.SelectByKey));
        });
    }

    [Test]
    public async Task Batch_with_a_forgotten_statement_prepares_it_again_and_succeeds()
    {
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = ClientKit.Echo });
        await using var session = new CqlSession(ClientKit.Options(peer.Port));
        var insert = await session.PrepareAsync(ClientKit.InsertKeyValue, CancellationToken.None).Bounded();

        peer.ForgetPreparedStatements();
        peer.ClearRecords();
        var answer = await session.BatchAsync(
            BatchType.Logged,
            [BatchEntry.Of(insert, insert.Bind("k1", "v1")), BatchEntry.Of("INSERT INTO ks.kv (key, value) VALUES ('k2', 'v2')", [])],
            Consistency.Quorum,
            serialConsistency: null,
            timestamp: null,
            CancellationToken.None).Bounded();

        var traffic = ClientKit.Traffic(peer);
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.InstanceOf<VoidResult>());
            Assert.That(Opcodes(traffic), Is.EqualTo(new[] { "BATCH", "PREPARE", "BATCH" }));
            Assert.That(traffic[1].Query, Is.EqualTo(ClientKit.InsertKeyValue));
            Assert.That(traffic[2].BatchEntries!.Select(e => e.Query), Is.EqualTo(new[] { ClientKit.InsertKeyValue, "INSERT INTO ks.kv (key, value) VALUES ('k2', 'v2')" }));
        });
    }

    [Test]
    public async Task Batch_with_two_forgotten_statements_prepares_each_again()
    {
        await using var peer = await Peer.ScriptedCqlPeer.StartAsync(new Peer.PeerOptions { Responder = ClientKit.Echo });
        await using var session = new CqlSession(ClientKit.Options(peer.Port));
        var insert = await session.PrepareAsync(ClientKit.InsertKeyValue, CancellationToken.None).Bounded();
        var select = await session.PrepareAsync(ClientKit.SelectByKey, CancellationToken.None).Bounded();

        peer.ForgetPreparedStatements();
        peer.ClearRecords();
        var answer = await session.BatchAsync(
            BatchType.Unlogged,
            [BatchEntry.Of(insert, insert.Bind("k1", "v1")), BatchEntry.Of(select, select.Bind("k1"))],
            Consistency.One,
            serialConsistency: null,
            timestamp: null,
            CancellationToken.None).Bounded();

        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.InstanceOf<VoidResult>());
            Assert.That(Opcodes(ClientKit.Traffic(peer)), Is.EqualTo(new[] { "BATCH", "PREPARE", "BATCH", "PREPARE", "BATCH" }));
        });
    }
}
