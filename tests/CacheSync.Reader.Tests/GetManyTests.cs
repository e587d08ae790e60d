using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace CacheSync.Reader.Tests;

[TestFixture]
[Category("Integration")]
public sealed class GetManyTests : ReaderTestBase
{
    [Test]
    [CancelAfter(15_000)]
    public async Task Hits_misses_tombstones_and_absent_records_each_get_their_answer(CancellationToken cancellationToken)
    {
        await WriteThroughAsync(UserModel, "hit", 1);
        await StoreOnlyAsync(UserModel, "miss", 2);
        await WriteThroughAsync(UserModel, "invalidated", 1);
        await WriteAroundAsync(UserModel, "invalidated", 3);
        await WriteThroughAsync(UserModel, "deleted", 1);
        await DeleteAsync(UserModel, "deleted", 4);
        await StoreOnlyAsync(UserModel, "deleted-uncached", 1);
        await Store.DeleteAsync(UserModel, "deleted-uncached", 5, cancellationToken);

        var results = await Reader.GetManyAsync(
            UserModel, ["hit", "miss", "invalidated", "deleted", "deleted-uncached", "absent", "hit"], cancellationToken);

        Assert.That(results, Is.EquivalentTo(new Dictionary<string, CachedRecord?>(StringComparer.Ordinal)
        {
            ["hit"] = FromCache("hit", 1),
            ["miss"] = FromStore("miss", 2),
            ["invalidated"] = FromStore("invalidated", 3),
            ["deleted"] = null,
            ["deleted-uncached"] = null,
            ["absent"] = null,
        }));
        Assert.That(Store.Reads, Is.EqualTo(5), "every key but the hit, once");
        Assert.Multiple(async () =>
        {
            Assert.That(await RawAsync(CacheKey(UserModel, "miss")), Is.EqualTo(LiveFields("miss", 2)));
            Assert.That(await TtlAsync(CacheKey(UserModel, "miss")), AboutTtl(UserModelTtl));
            Assert.That(await RawAsync(CacheKey(UserModel, "invalidated")), Is.EqualTo(LiveFields("invalidated", 3)));
            Assert.That(await RawAsync(CacheKey(UserModel, "deleted")), Is.EqualTo(TombstoneFields(4, "deleted")));
            Assert.That(await Db.KeyExistsAsync(CacheKey(UserModel, "deleted-uncached")), Is.False);
            Assert.That(await Db.KeyExistsAsync(CacheKey(UserModel, "absent")), Is.False);
        });

        var again = await Reader.GetManyAsync(UserModel, ["hit", "miss", "invalidated"], cancellationToken);
        Assert.That(again.Values.Select(r => r?.Source), Has.All.EqualTo(RecordSource.Cache), "the fills made them hits");
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task All_entries_are_read_from_redis_in_one_round_trip(CancellationToken cancellationToken)
    {
        var hits = Enumerable.Range(1, 15).Select(i => $"hit-{i}").ToArray();
        foreach (var key in hits) await WriteThroughAsync(UserModel, key, 1);
        var absent = Enumerable.Range(1, 5).Select(i => $"absent-{i}").ToArray();

        // SE.Redis's profiler records, for each command the reader's own connection sends, when it went on the wire
        // and when its reply came back. One round trip: every command was sent before the first reply arrived.
        // (A reader awaiting key by key would send the second command only after the first reply.)
        var session = new ProfilingSession();
        var profiled = new AsyncLocal<ProfilingSession?>();
        Services.GetRequiredService<IConnectionMultiplexer>().RegisterProfiler(() => profiled.Value);
        profiled.Value = session;
        var results = await Reader.GetManyAsync(UserModel, [.. hits, .. absent], cancellationToken);
        profiled.Value = null;
        var commands = session.FinishProfiling().ToArray();

        Assert.That(results.Count(r => r.Value is not null), Is.EqualTo(15));
        Assert.That(commands.Select(c => c.Command), Is.EqualTo(Enumerable.Repeat("HMGET", 20)), "one HMGET per key, and no fills for absent records");
        var lastSent = commands.Max(Sent);
        var firstReply = commands.Min(c => Sent(c) + c.SentToResponse);
        Assert.That(lastSent, Is.LessThanOrEqualTo(firstReply), "all 20 commands were on the wire before the first reply");
    }

    [Test]
    public async Task An_empty_request_is_an_empty_answer_without_a_redis_call()
    {
        Assert.That(await Reader.GetManyAsync(UserModel, [], None), Is.Empty);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task Misses_are_read_from_the_store_a_bounded_number_at_a_time(CancellationToken cancellationToken)
    {
        await RebuildAsync(settings => settings["CacheSync:Reader:MaxConcurrentStoreReads"] = "4");
        var keys = Enumerable.Range(1, 20).Select(i => $"k{i}").ToArray();
        foreach (var key in keys) await StoreOnlyAsync(UserModel, key, 1);
        Store.ReadDelay = TimeSpan.FromMilliseconds(50);

        var results = await Reader.GetManyAsync(UserModel, keys, cancellationToken);

        Assert.That(results.Values, Is.EqualTo(keys.Select(key => FromStore(key, 1))));
        Assert.That(Store.Reads, Is.EqualTo(20));
        Assert.That(Store.MostAtOnce, Is.EqualTo(4));
    }

    private static DateTime Sent(IProfiledCommand command) => command.CommandCreated + command.CreationToEnqueued + command.EnqueuedToSending;
}
