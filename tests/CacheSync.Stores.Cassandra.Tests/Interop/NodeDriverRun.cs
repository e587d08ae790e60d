using System.Text.Json;

namespace CacheSync.Stores.Cassandra.Tests.Interop;

/// <summary>What one run of interop/driver.js printed: one JSON object per stdout line.</summary>
public sealed class NodeDriverRun(IReadOnlyList<JsonDocument> lines, string standardError) : IDisposable
{
    public IReadOnlyList<JsonDocument> Lines { get; } = lines;

    /// <summary>The driver's own log noise and warnings, for failure messages.</summary>
    public string StandardError { get; } = standardError;

    /// <summary>The line printed for a step ("execute", "select", ...); fails the test when absent.</summary>
    public JsonElement Step(string name)
    {
        foreach (var line in Lines)
        {
            if (line.RootElement.TryGetProperty("step", out var step) && step.GetString() == name)
            {
                return line.RootElement;
            }
        }

        Assert.Fail($"driver.js printed no step '{name}'. Output:\n{this}");
        throw new InvalidOperationException("unreachable");
    }

    public bool HasStep(string name) =>
        Lines.Any(l => l.RootElement.TryGetProperty("step", out var s) && s.GetString() == name);

    public override string ToString() =>
        string.Join('\n', Lines.Select(l => l.RootElement.GetRawText())) + (StandardError.Length > 0 ? "\nstderr:\n" + StandardError : string.Empty);

    public void Dispose()
    {
        foreach (var line in Lines)
        {
            line.Dispose();
        }
    }
}
