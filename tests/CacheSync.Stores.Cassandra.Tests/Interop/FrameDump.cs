using CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Interop;

/// <summary>
/// Hex dump of recorded request frames (connection, stream, opcode, header flags, body), so another client's bytes
/// can be compared with the Node.js driver's by eye or by diff.
/// </summary>
public static class FrameDump
{
    /// <summary>The frames worth comparing: everything but the connection set-up chatter, unless asked.</summary>
    public static IEnumerable<ReceivedFrame> OfInterest(IEnumerable<ReceivedFrame> frames, params byte[] opcodes)
    {
        byte[] wanted = opcodes.Length > 0
            ? opcodes
            : [CqlOpcode.Startup, CqlOpcode.AuthResponse, CqlOpcode.Prepare, CqlOpcode.Execute, CqlOpcode.Query, CqlOpcode.Batch];
        return frames.Where(f => wanted.Contains(f.Opcode));
    }

    public static void Write(TextWriter writer, string title, IEnumerable<ReceivedFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"== {title}");
        foreach (var f in frames)
        {
            writer.WriteLine($"conn={f.ConnectionId} stream={f.Stream} version=0x{f.Version:X2} opcode={f.OpcodeName}(0x{f.Opcode:X2}) flags=0x{f.Flags:X2} length={f.Body.Length}");
            writer.WriteLine($"  body={f.BodyHex}");
        }
    }
}
