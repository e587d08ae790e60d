using CacheSync.Core.Caching;

namespace CacheSync.Redis.Tests;

[TestFixture]
[Category("Integration")]
public sealed class SetIfNewerTests : RedisTestBase
{
    [Test]
    public async Task Set_on_an_empty_key_writes_version_state_and_data_with_the_ttl()
    {
        var key = Key();

        Assert.That(await SetAsync(key, 7, TimeSpan.FromSeconds(30)), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(7, Data(7))));
        Assert.That(await TtlAsync(key), AboutTtl(TimeSpan.FromSeconds(30)));
        var entry = await Cache.ReadAsync(key, None);
        Assert.That(entry, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(entry!.Version, Is.EqualTo(7));
            Assert.That(entry.State, Is.EqualTo(CacheEntryState.Live));
            Assert.That(entry.DataJson, Is.EqualTo(Data(7)));
            Assert.That(entry.TimeToLive, AboutTtl(TimeSpan.FromSeconds(30)));
        });
    }

    [Test]
    public async Task Set_without_ttl_keeps_the_entry_without_expiry()
    {
        var key = Key();

        Assert.That(await SetAsync(key, 7, ttl: null), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await TtlAsync(key), Is.Null);
        Assert.That(await Cache.ReadAsync(key, None), Is.EqualTo(new CacheEntry(7, CacheEntryState.Live, Data(7), null)));
    }

    [Test]
    public async Task Newer_set_is_written_and_replaces_value_and_ttl()
    {
        var key = Key();
        await SetAsync(key, 7, TimeSpan.FromSeconds(30));

        Assert.That(await SetAsync(key, 8, ttl: null), Is.EqualTo(CacheWriteOutcome.Written));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(8, Data(8))));
        Assert.That(await TtlAsync(key), Is.Null, "a write without ttl must not inherit the old entry's expiry");
    }

    [Test]
    public async Task Set_at_the_same_version_is_fenced_and_changes_nothing()
    {
        var key = Key();
        await SetAsync(key, 7, ttl: null);

        Assert.That(await Cache.SetIfNewerAsync(key, 7, """{"other":true}""", TimeSpan.FromSeconds(5), None), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(7, Data(7))));
        Assert.That(await TtlAsync(key), Is.Null);
    }

    [Test]
    public async Task Older_set_is_fenced_and_changes_nothing()
    {
        var key = Key();
        await SetAsync(key, 7, TimeSpan.FromSeconds(30));

        Assert.That(await SetAsync(key, 6, ttl: null), Is.EqualTo(CacheWriteOutcome.Fenced));

        Assert.That(await RawAsync(key), Is.EqualTo(LiveFields(7, Data(7))));
        Assert.That(await TtlAsync(key), AboutTtl(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task Read_of_a_missing_key_returns_null()
    {
        Assert.That(await Cache.ReadAsync(Key(), None), Is.Null);
    }
}
