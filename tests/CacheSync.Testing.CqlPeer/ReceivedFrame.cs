namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// A request frame exactly as it arrived: header fields and the raw body. Version is the whole version byte
/// (0x04 for a v4 request). Kept raw so a test can compare bytes with another client's.
/// </summary>
public sealed record ReceivedFrame(int ConnectionId, byte Version, byte Flags, short Stream, byte Opcode, byte[] Body)
{
    public string OpcodeName => CqlOpcode.Name(Opcode);

    public string BodyHex => Convert.ToHexString(Body);
}
