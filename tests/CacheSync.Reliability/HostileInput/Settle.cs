namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Waits for the worker to finish with what it was given, then lets the test account for everything either way:
/// a wait bound that says whether it was reached, not a timing assertion.
/// </summary>
internal static class Settle
{
    public static async Task<bool> WithinAsync(TimeSpan limit, Func<Task<bool>> settled)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await settled()) return true;
            await Task.Delay(100);
        }

        return await settled();
    }
}
