namespace CacheSync.Reader.Tests;

/// <summary>The reader's fills go through fill_if_not_fenced.lua: they may refill an invalidation, never undo one.</summary>
[TestFixture]
[Category("Integration")]
public sealed class FenceTests : ReaderTestBase
{
    [Test]
    public async Task A_write_around_tombstone_is_filled_from_the_store_at_its_own_version()
    {
        await WriteThroughAsync(AuditEntry, "a-1", 4);
        await WriteAroundAsync(AuditEntry, "a-1", 5);
        Assert.That(await RawAsync(CacheKey(AuditEntry, "a-1")), Is.EqualTo(TombstoneFields(5, "invalidated")));

        var record = await Reader.GetAsync(AuditEntry, "a-1", None);

        Assert.That(record, Is.EqualTo(FromStore("a-1", 5)));
        Assert.That(await RawAsync(CacheKey(AuditEntry, "a-1")), Is.EqualTo(LiveFields("a-1", 5)));
        Assert.That(await TtlAsync(CacheKey(AuditEntry, "a-1")), AboutTtl(AuditEntryTtl), "the fill replaces the tombstone's short ttl");
        Assert.That(await Reader.GetAsync(AuditEntry, "a-1", None), Is.EqualTo(FromCache("a-1", 5)));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task A_fill_of_a_row_read_before_an_invalidation_is_refused_and_the_tombstone_stays(CancellationToken cancellationToken)
    {
        await StoreOnlyAsync(AuditEntry, "a-1", 1);
        var rowRead = Store.HoldNextRead();

        // The reader misses and reads row 1 from the store; it is held there, before its fill.
        var slowReader = Reader.GetAsync(AuditEntry, "a-1", cancellationToken);
        await rowRead.WaitAsync(cancellationToken);

        // Meanwhile the worker applies a write-around at version 2.
        await WriteAroundAsync(AuditEntry, "a-1", 2);
        Store.ReleaseHeldRead();

        // The row was current when read, so the caller gets it; but it must not reach the cache.
        Assert.That(await slowReader, Is.EqualTo(FromStore("a-1", 1)));
        Assert.That(await RawAsync(CacheKey(AuditEntry, "a-1")), Is.EqualTo(TombstoneFields(2, "invalidated")));

        // The next reader finds the tombstone and fills the new row.
        Assert.That(await Reader.GetAsync(AuditEntry, "a-1", cancellationToken), Is.EqualTo(FromStore("a-1", 2)));
        Assert.That(await RawAsync(CacheKey(AuditEntry, "a-1")), Is.EqualTo(LiveFields("a-1", 2)));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task A_caller_that_saw_a_newer_tombstone_is_not_answered_with_an_older_row_read_in_flight(CancellationToken cancellationToken)
    {
        await StoreOnlyAsync(AuditEntry, "a-1", 1);
        var rowRead = Store.HoldNextRead();
        var early = Reader.GetAsync(AuditEntry, "a-1", cancellationToken);
        await rowRead.WaitAsync(cancellationToken);
        await WriteAroundAsync(AuditEntry, "a-1", 2);

        // This caller sees the tombstone at 2 and joins the read of row 1 still in flight.
        var late = Reader.GetAsync(AuditEntry, "a-1", cancellationToken);
        await Task.Delay(300, cancellationToken);
        Store.ReleaseHeldRead();

        Assert.That(await early, Is.EqualTo(FromStore("a-1", 1)));
        Assert.That(await late, Is.EqualTo(FromStore("a-1", 2)), "it saw version 2 invalidated, so row 1 is too old for it");
        Assert.That(Store.Reads, Is.EqualTo(2));
        Assert.That(await RawAsync(CacheKey(AuditEntry, "a-1")), Is.EqualTo(LiveFields("a-1", 2)));
    }

    [Test]
    public async Task A_fill_never_replaces_a_newer_live_value()
    {
        // A write-through landed between the reader's store read and its fill: simulated by holding the read.
        await StoreOnlyAsync(UserModel, "42", 1);
        var rowRead = Store.HoldNextRead();
        var slowReader = Reader.GetAsync(UserModel, "42", None);
        await rowRead;

        await WriteThroughAsync(UserModel, "42", 2);
        Store.ReleaseHeldRead();

        Assert.That(await slowReader, Is.EqualTo(FromStore("42", 1)));
        Assert.That(await RawAsync(CacheKey(UserModel, "42")), Is.EqualTo(LiveFields("42", 2)));
        Assert.That(await Reader.GetAsync(UserModel, "42", None), Is.EqualTo(FromCache("42", 2)));
    }
}
