using CacheSync.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CacheSync.Stores.Sqlite.Tests;

/// <summary>
/// The store commits concurrent writes together. These pin what that must not change: a lock held elsewhere is
/// waited out or reported to every caller, the writer survives a failed batch, a caller that gave up writes
/// nothing, and disposing the store finishes the writes already queued.
/// </summary>
[TestFixture]
public sealed class GroupCommitTests : StoreTestBase
{
    [Test]
    [CancelAfter(20_000)]
    public async Task Writes_queued_behind_another_connections_lock_wait_for_it_and_all_land(CancellationToken ct)
    {
        await UpsertAsync(1); // creates the table before the lock is taken
        using var holder = Database.OpenRaw();
        using var exclusive = holder.BeginTransaction(deferred: false);

        var writes = Enumerable.Range(0, 40).Select(i => Store.UpsertAsync(Table, $"k{i}", 1, Data(1), ct)).ToArray();
        await Task.Delay(300, ct);
        Assert.That(writes.Count(w => w.IsCompleted), Is.Zero, "nothing can commit while another connection holds the write lock");

        exclusive.Rollback();
        var results = await Task.WhenAll(writes);

        Assert.That(results.Select(r => r.Outcome), Has.All.EqualTo(StoreWriteOutcome.Applied));
        for (var i = 0; i < 40; i++) Assert.That((await Store.ReadAsync(Table, $"k{i}", ct))?.Version, Is.EqualTo(1));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task A_lock_held_past_the_busy_timeout_fails_every_waiting_write_and_the_store_recovers(CancellationToken ct)
    {
        using var database = new TempDatabase();
        using var store = new SqliteRecordStore(Options.Create(new SqliteStoreOptions { Path = database.FilePath, BusyTimeout = TimeSpan.FromMilliseconds(200) }));
        await store.UpsertAsync(Table, "k", 1, Data(1), ct);

        using (var holder = database.OpenRaw())
        using (var exclusive = holder.BeginTransaction(deferred: false))
        {
            var writes = Enumerable.Range(0, 10).Select(i => store.UpsertAsync(Table, $"k{i}", 2, Data(2), ct)).ToArray();
            foreach (var write in writes)
            {
                Assert.That(async () => await write, Throws.InstanceOf<SqliteException>(), "a locked database is every waiting caller's failure, to retry");
            }

            exclusive.Rollback();
        }

        var after = await store.UpsertAsync(Table, "k", 3, Data(3), ct);
        Assert.That(after.Outcome, Is.EqualTo(StoreWriteOutcome.Applied), "the writer lives on after a failed batch");
        Assert.That((await store.ReadAsync(Table, "k", ct))?.Version, Is.EqualTo(3));
    }

    [Test]
    public async Task A_write_cancelled_before_it_starts_writes_nothing()
    {
        await UpsertAsync(1);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(async () => await Store.UpsertAsync(Table, Key, 2, Data(2), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await ReadAsync(), Is.EqualTo(Live(1)));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Disposing_the_store_finishes_the_writes_already_queued(CancellationToken ct)
    {
        using var database = new TempDatabase();
        var store = database.CreateStore();
        await store.UpsertAsync(Table, "warm", 1, Data(1), ct);

        var writes = Enumerable.Range(0, 200).Select(i => store.UpsertAsync(Table, $"k{i}", 1, Data(1), ct)).ToArray();
        store.Dispose();
        await Task.WhenAll(writes);

        using var reopened = database.CreateStore();
        for (var i = 0; i < 200; i++) Assert.That((await reopened.ReadAsync(Table, $"k{i}", ct))?.Version, Is.EqualTo(1), $"k{i}");
        Assert.That(async () => await store.UpsertAsync(Table, "late", 1, Data(1), ct), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Writes_to_one_key_in_the_same_batch_are_fenced_as_if_committed_one_by_one(CancellationToken ct)
    {
        await UpsertAsync(1);

        // Queued together, so they share transactions: each must see the one before it.
        var versions = new long[] { 5, 3, 7, 7, 2, 6 };
        var results = await Task.WhenAll(versions.Select(v => Store.UpsertAsync(Table, Key, v, Data(v), ct)));

        Assert.That(results.Select(r => r.Outcome), Is.EqualTo(new[]
        {
            StoreWriteOutcome.Applied, StoreWriteOutcome.Stale, StoreWriteOutcome.Applied,
            StoreWriteOutcome.AlreadyCurrent, StoreWriteOutcome.Stale, StoreWriteOutcome.Stale,
        }));
        Assert.That(results[2].Previous?.Version, Is.EqualTo(5), "the version-7 write replaced the version-5 row");
        Assert.That(await ReadAsync(), Is.EqualTo(Live(7)));
    }
}
