using System.Diagnostics;

namespace CacheSync.Reliability.Faults;

/// <summary>
/// Prints when each phase of a scenario was reached, for the test log only: a slow run on a loaded machine is then
/// readable. Nothing asserts on these times.
/// </summary>
public sealed class ScenarioClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public void Mark(string phase) => TestContext.Out.WriteLine($"{_watch.Elapsed.TotalSeconds,6:F1} s  {phase}");
}
