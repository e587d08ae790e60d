using System.Text;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// One message of a hostile mix, with the worker's acceptable answers: "applied", "duplicate", "stale", or reason
/// codes for the DLQ. A valid event also says what it must write.
/// </summary>
internal sealed record MixCase(string Kind, string What, byte[] Body, IReadOnlySet<string> Acceptable, ExpectedWrite? Write = null)
{
    public const string Applied = "applied";
    public const string Duplicate = "duplicate";
    public const string Stale = "stale";

    public bool IsValid => Write is not null;

    public override string ToString()
    {
        var preview = Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 200)));
        return $"{Kind}: {What}; {Body.Length} bytes: {preview}";
    }
}
