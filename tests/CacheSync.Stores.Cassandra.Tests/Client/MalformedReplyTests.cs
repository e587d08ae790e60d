using System.Diagnostics;
using System.Text;
using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra.Tests.Client;

/// <summary>
/// A node that breaks the protocol fails the waiting request promptly (a connection or protocol error, not a
/// timeout nor a hang), and the session goes on over a new connection.
/// </summary>
public class MalformedReplyTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    private static IEnumerable<TestCaseData> Misbehaviours()
    {
        yield return new TestCaseData(new Func<short, byte[]>(stream => RawNode.VoidResult((short)(stream + 500))))
            .SetArgDisplayNames("answer on a stream id no request uses");
        yield return new TestCaseData(new Func<short, byte[]>(stream => RawNode.VoidResult(short.MaxValue)))
            .SetArgDisplayNames("answer on a stream id beyond the connection's limit");
        yield return new TestCaseData(new Func<short, byte[]>(_ => Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")))
            .SetArgDisplayNames("garbage that is not a frame");
        yield return new TestCaseData(new Func<short, byte[]>(stream => RawNode.VoidResult(stream, version: 0x04)))
            .SetArgDisplayNames("a frame in the request direction on the right stream");
        yield return new TestCaseData(new Func<short, byte[]>(stream => RawNode.VoidResult(stream, version: 0x83)))
            .SetArgDisplayNames("a protocol v3 response on the right stream");
    }

    [TestCaseSource(nameof(Misbehaviours))]
    public async Task Malformed_reply_fails_the_request_promptly_and_the_session_recovers_on_a_new_connection(Func<short, byte[]> misbehave)
    {
        await using var node = new RawNode(misbehave);
        await using var session = new CqlSession(ClientKit.Options(node.Port, requestTimeout: RequestTimeout));

        var watch = Stopwatch.StartNew();
        var error = Assert.CatchAsync<Exception>(async () => await session.QueryAsync("INSERT 1", ClientKit.One, CancellationToken.None).Bounded());
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<CqlConnectionException>().Or.TypeOf<CqlProtocolException>());
            Assert.That(watch.Elapsed, Is.LessThan(RequestTimeout / 2), "the failure was noticed, not waited out");
        });

        var answer = await session.QueryAsync("INSERT 2", ClientKit.One, CancellationToken.None).Bounded();
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.InstanceOf<VoidResult>());
            Assert.That(node.ConnectionCount, Is.EqualTo(2), "the broken connection was replaced");
        });
    }
}
