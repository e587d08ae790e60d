using CacheSync.Core.Policies;
using CacheSync.Core.Processing;
using CacheSync.Core.Storage;
using CacheSync.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static CacheSync.Core.Tests.TestSetup;

namespace CacheSync.Core.Tests;

/// <summary>
/// Two copies of one event in flight at once in one worker (a duplicate published right behind the original, as the
/// fault suite does): the idempotency check alone let both apply.
/// </summary>
public sealed class ConcurrentCopiesTests : ProcessingTestBase
{
    [Test]
    public async Task Two_copies_processed_at_once_apply_once_and_the_other_is_a_duplicate()
    {
        var store = new HeldRecordStore(Store);
        var processor = new EventProcessor(EntityPolicyCatalog.FromOptions(Settings), store, Cache, Idempotency, Options.Create(Settings), NullLogger<EventProcessor>.Instance);
        var body = Upsert("e1", UserModel, "42", 5, """{"user_id":7,"name":"Ada"}""");

        var first = processor.ProcessAsync(body, CancellationToken.None);
        await store.FirstWriteReached.WaitAsync(TimeSpan.FromSeconds(5));
        var second = processor.ProcessAsync(body, CancellationToken.None);
        await Task.Delay(100); // lets the second copy get as far as it can while the first is inside its store write
        store.Release();
        var outcomes = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(5));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes.Select(o => o.Kind), Is.EqualTo(new[] { OutcomeKind.Applied, OutcomeKind.Duplicate }));
            Assert.That(Store.Writes, Has.Count.EqualTo(1), "the duplicate never reached the store");
            Assert.That(Cache.DependentInvalidations, Has.Count.EqualTo(1), "dependent keys invalidated once");
        }
    }

    /// <summary>Holds every write until released, so a write is provably in progress while another copy arrives.</summary>
    private sealed class HeldRecordStore(InMemoryRecordStore inner) : IRecordStore
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstWriteReached => _reached.Task;

        public void Release() => _released.SetResult();

        public async Task<StoreWriteResult> UpsertAsync(string table, string key, long version, string dataJson, CancellationToken cancellationToken)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
            return await inner.UpsertAsync(table, key, version, dataJson, cancellationToken);
        }

        public async Task<StoreWriteResult> DeleteAsync(string table, string key, long version, CancellationToken cancellationToken)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
            return await inner.DeleteAsync(table, key, version, cancellationToken);
        }

        public Task<StoredRecord?> ReadAsync(string table, string key, CancellationToken cancellationToken) => inner.ReadAsync(table, key, cancellationToken);
    }
}
