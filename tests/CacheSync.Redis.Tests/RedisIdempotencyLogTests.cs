using Microsoft.Extensions.Options;

namespace CacheSync.Redis.Tests;

[TestFixture]
[Category("Integration")]
public sealed class RedisIdempotencyLogTests : RedisTestBase
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    private RedisIdempotencyLog NewLog(TimeSpan retention) =>
        new(RedisServer.Connection, Options.Create(new RedisCacheOptions
        {
            Configuration = RedisServer.ConnectionString,
            IdempotencyKeyPrefix = Prefix + "applied:",
            IdempotencyRetention = retention,
        }));

    private string ExpectedKey(string scope, string eventId) => $"{Prefix}applied:{{{scope}}}:{eventId}";

    [Test]
    public async Task Event_is_not_applied_until_recorded()
    {
        var log = NewLog(Retention);
        Track(ExpectedKey("orders:1", "evt-1"));

        Assert.That(await log.RecordedByAsync("orders:1", "evt-1", None), Is.Null);

        await log.RecordAppliedAsync("orders:1", "evt-1", "delivery-a", None);

        Assert.That(await log.RecordedByAsync("orders:1", "evt-1", None), Is.EqualTo("delivery-a"));
    }

    [Test]
    public async Task Record_key_is_prefix_then_hash_tagged_scope_then_event_id_with_the_retention_ttl()
    {
        var log = NewLog(Retention);
        var expected = ExpectedKey("orders:1", "evt-1");
        Track(expected);

        await log.RecordAppliedAsync("orders:1", "evt-1", "delivery-a", None);

        Assert.That(log.RecordKey("orders:1", "evt-1").ToString(), Is.EqualTo(expected));
        Assert.That(await Db.KeyExistsAsync(expected), Is.True);
        Assert.That(await TtlAsync(expected), AboutTtl(Retention));
    }

    [Test]
    public async Task Records_are_per_scope_and_per_event_id()
    {
        var log = NewLog(Retention);
        Track(ExpectedKey("orders:1", "evt-1"));

        await log.RecordAppliedAsync("orders:1", "evt-1", "delivery-a", None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await log.RecordedByAsync("orders:2", "evt-1", None), Is.Null);
            Assert.That(await log.RecordedByAsync("orders:1", "evt-2", None), Is.Null);
        });
    }

    [Test]
    public async Task Recording_twice_keeps_the_first_ttl_and_the_first_delivery_token()
    {
        var first = NewLog(Retention);
        var second = NewLog(TimeSpan.FromHours(5));
        var key = ExpectedKey("orders:1", "evt-1");
        Track(key);

        await first.RecordAppliedAsync("orders:1", "evt-1", "delivery-a", None);
        await second.RecordAppliedAsync("orders:1", "evt-1", "delivery-b", None);

        Assert.That(await TtlAsync(key), AboutTtl(Retention));
        Assert.That(await second.RecordedByAsync("orders:1", "evt-1", None), Is.EqualTo("delivery-a"));
    }
}
