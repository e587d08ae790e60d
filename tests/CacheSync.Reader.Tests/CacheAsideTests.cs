namespace CacheSync.Reader.Tests;

[TestFixture]
[Category("Integration")]
public sealed class CacheAsideTests : ReaderTestBase
{
    [Test]
    public async Task A_live_entry_is_a_hit_and_the_store_is_not_read()
    {
        await WriteThroughAsync(UserModel, "42", 3);

        var record = await Reader.GetAsync(UserModel, "42", None);

        Assert.That(record, Is.EqualTo(FromCache("42", 3)));
        Assert.That(Store.Reads, Is.Zero);
    }

    [Test]
    public async Task A_miss_reads_the_store_and_fills_the_entry_at_the_store_version_with_the_policy_ttl()
    {
        await StoreOnlyAsync(UserModel, "42", 4);

        var first = await Reader.GetAsync(UserModel, "42", None);
        var second = await Reader.GetAsync(UserModel, "42", None);

        Assert.That(first, Is.EqualTo(FromStore("42", 4)));
        Assert.That(second, Is.EqualTo(FromCache("42", 4)), "the fill made the next read a hit");
        Assert.That(Store.Reads, Is.EqualTo(1));
        Assert.That(await RawAsync(CacheKey(UserModel, "42")), Is.EqualTo(LiveFields("42", 4)));
        Assert.That(await TtlAsync(CacheKey(UserModel, "42")), AboutTtl(UserModelTtl));
    }

    [Test]
    public async Task A_fill_for_a_policy_without_ttl_does_not_expire_and_uses_the_policy_table()
    {
        await StoreOnlyAsync(Session, "s-1", 2);

        Assert.That(await Reader.GetAsync(Session, "s-1", None), Is.EqualTo(FromStore("s-1", 2)));

        Assert.That(await RawAsync(CacheKey(Session, "s-1")), Is.EqualTo(LiveFields("s-1", 2)));
        Assert.That(await TtlAsync(CacheKey(Session, "s-1")), Is.Null);
    }

    [Test]
    public async Task A_record_the_store_never_saw_is_null_and_nothing_is_cached()
    {
        Assert.That(await Reader.GetAsync(UserModel, "nobody", None), Is.Null);

        Assert.That(await Db.KeyExistsAsync(CacheKey(UserModel, "nobody")), Is.False);
    }

    [Test]
    public async Task A_store_tombstone_is_null_and_is_not_filled()
    {
        // Deleted in the store, and the worker's tombstone in Redis has since expired (or was evicted).
        await StoreOnlyAsync(UserModel, "42", 1);
        await Store.DeleteAsync(UserModel, "42", 2, None);

        Assert.That(await Reader.GetAsync(UserModel, "42", None), Is.Null);

        Assert.That(await Db.KeyExistsAsync(CacheKey(UserModel, "42")), Is.False);
    }

    [Test]
    public async Task A_deleted_tombstone_reads_the_store_answers_null_and_stays_a_tombstone()
    {
        await WriteThroughAsync(UserModel, "42", 1);
        await DeleteAsync(UserModel, "42", 2);

        Assert.That(await Reader.GetAsync(UserModel, "42", None), Is.Null);

        Assert.That(await RawAsync(CacheKey(UserModel, "42")), Is.EqualTo(TombstoneFields(2, "deleted")));
    }

    [Test]
    public async Task A_cancelled_caller_stops_waiting_but_the_shared_read_still_fills_for_the_others()
    {
        await StoreOnlyAsync(UserModel, "42", 5);
        Store.ReadDelay = TimeSpan.FromMilliseconds(300);
        using var cancel = new CancellationTokenSource();

        var patient = Reader.GetAsync(UserModel, "42", None);
        var impatient = Reader.GetAsync(UserModel, "42", cancel.Token);
        await cancel.CancelAsync();

        Assert.That(async () => await impatient, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await patient, Is.EqualTo(FromStore("42", 5)));
        Assert.That(Store.Reads, Is.EqualTo(1));
        Assert.That(await RawAsync(CacheKey(UserModel, "42")), Is.EqualTo(LiveFields("42", 5)));
    }
}
