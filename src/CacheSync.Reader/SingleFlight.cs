using System.Collections.Concurrent;

namespace CacheSync.Reader;

/// <summary>
/// Concurrent callers asking for the same key share one run of the work: the first starts it, the others await the
/// same task. The entry is removed before the task completes, so a result (or a failure) is never handed to a caller
/// that arrives afterwards: failures are not cached, and a later miss starts a fresh run.
/// </summary>
internal sealed class SingleFlight<TKey, TResult>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Task<TResult>> _inFlight = new();

    public Task<TResult> RunAsync(TKey key, Func<Task<TResult>> work)
    {
        while (true)
        {
            if (_inFlight.TryGetValue(key, out var running)) return running;
            var completion = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_inFlight.TryAdd(key, completion.Task)) continue;
            _ = RunAndRemoveAsync(key, completion, work);
            return completion.Task;
        }
    }

    private async Task RunAndRemoveAsync(TKey key, TaskCompletionSource<TResult> completion, Func<Task<TResult>> work)
    {
        TResult result;
        try
        {
            result = await work().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every failure goes to the callers awaiting the shared task, none is lost.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _inFlight.TryRemove(new KeyValuePair<TKey, Task<TResult>>(key, completion.Task));
            completion.SetException(exception);
            return;
        }

        _inFlight.TryRemove(new KeyValuePair<TKey, Task<TResult>>(key, completion.Task));
        completion.SetResult(result);
    }
}
