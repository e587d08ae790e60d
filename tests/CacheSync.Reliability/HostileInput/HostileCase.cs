using System.Text;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// One hostile message and what the contract says the decoder must answer: <see cref="Valid"/> or one of the reason
/// codes in <see cref="Acceptable"/> (more than one only where README allows either). Prints short, whatever its size.
/// </summary>
internal sealed record HostileCase(string Kind, string What, byte[] Body, IReadOnlySet<string> Acceptable)
{
    public const string Valid = "valid";

    public static IReadOnlySet<string> Expect(params string[] verdicts) => new HashSet<string>(verdicts, StringComparer.Ordinal);

    public override string ToString()
    {
        var preview = Body.Length <= 160 ? Body : Body[..160];
        var text = Encoding.UTF8.GetString(preview).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
        return $"{Kind}: {What}; expected {string.Join(" or ", Acceptable)}; {Body.Length} bytes: {text}{(Body.Length > 160 ? "…" : string.Empty)} " +
               $"(hex {Convert.ToHexString(preview)})";
    }
}
