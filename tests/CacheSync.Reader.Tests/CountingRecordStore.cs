using CacheSync.Core.Storage;

namespace CacheSync.Reader.Tests;

/// <summary>
/// The real store, with its reads counted, optionally slowed (so concurrent misses overlap) and optionally held
/// after the row is read (so a test can run a writer between the reader's store read and its fill).
/// </summary>
public sealed class CountingRecordStore(IRecordStore inner) : IRecordStore
{
    private int _reads;
    private int _inFlight;
    private int _mostAtOnce;
    private TaskCompletionSource? _held;
    private TaskCompletionSource? _release;

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>The most reads that were running at the same time.</summary>
    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    public TimeSpan ReadDelay { get; set; }

    /// <summary>When set, the next read fails with this exception (after the delay), as a store outage would.</summary>
    public Exception? FailNextRead { get; set; }

    /// <summary>Holds the next read after it has read its row: returns a task that completes once the row is read.</summary>
    public Task HoldNextRead()
    {
        _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _held.Task;
    }

    /// <summary>Lets the held read return its (now old) row to the reader.</summary>
    public void ReleaseHeldRead() => _release?.TrySetResult();

    public Task<StoreWriteResult> UpsertAsync(string table, string key, long version, string dataJson, CancellationToken cancellationToken) =>
        inner.UpsertAsync(table, key, version, dataJson, cancellationToken);

    public Task<StoreWriteResult> DeleteAsync(string table, string key, long version, CancellationToken cancellationToken) =>
        inner.DeleteAsync(table, key, version, cancellationToken);

    public async Task<StoredRecord?> ReadAsync(string table, string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        var running = Interlocked.Increment(ref _inFlight);
        for (var most = Volatile.Read(ref _mostAtOnce); running > most; most = Volatile.Read(ref _mostAtOnce))
        {
            if (Interlocked.CompareExchange(ref _mostAtOnce, running, most) == most) break;
        }

        try
        {
            return await ReadSlowlyAsync(table, key, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<StoredRecord?> ReadSlowlyAsync(string table, string key, CancellationToken cancellationToken)
    {
        if (ReadDelay > TimeSpan.Zero) await Task.Delay(ReadDelay, cancellationToken);
        var failure = FailNextRead;
        FailNextRead = null;
        if (failure is not null) throw failure;
        var record = await inner.ReadAsync(table, key, cancellationToken);
        if (Interlocked.Exchange(ref _held, null) is { } held)
        {
            held.TrySetResult();
            await _release!.Task.WaitAsync(cancellationToken);
        }

        return record;
    }
}
