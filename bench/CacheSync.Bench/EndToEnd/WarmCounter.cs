using System.Diagnostics;

namespace CacheSync.Bench.EndToEnd;

/// <summary>
/// Counts the messages an in-process consumer has handled and times them from the end of the warm-up to the last
/// one: the one clock every baseline is timed by, so they are all timed alike.
/// </summary>
internal sealed class WarmCounter(int expected, int warmUp)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _handled;
    private long _warm;
    private long _last;

    /// <summary>Completes when <c>expected</c> messages have been handled.</summary>
    public Task Done => _done.Task;

    /// <summary>From the moment the warm-up was handled to the moment the last message was.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_warm, _last);

    public void Handled()
    {
        var handled = Interlocked.Increment(ref _handled);
        if (handled == warmUp) _warm = Stopwatch.GetTimestamp();
        if (handled == expected)
        {
            _last = Stopwatch.GetTimestamp();
            _done.TrySetResult();
        }
    }
}
