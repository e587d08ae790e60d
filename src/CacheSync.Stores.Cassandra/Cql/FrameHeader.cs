using System.Buffers.Binary;

namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>
/// The 9-byte header every frame starts with (spec §2): version, flags, stream id, opcode, body length.
/// </summary>
internal readonly record struct FrameHeader(byte Version, FrameFlags Flags, short Stream, Opcode Opcode, int BodyLength)
{
    public const int Size = 9;

    /// <summary>The only protocol this client speaks; responses carry the same number with the high bit set.</summary>
    public const byte RequestVersion = 0x04;

    public const byte ResponseVersion = 0x84;

    /// <summary>The spec caps a frame body at 256 MB; anything larger is a corrupt stream, not a big result.</summary>
    public const int MaxBodyLength = 256 * 1024 * 1024;

    public bool IsResponse => (Version & 0x80) != 0;

    public void WriteTo(Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = (byte)Flags;
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], Stream);
        destination[4] = (byte)Opcode;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], BodyLength);
    }

    public static FrameHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size) throw new CqlProtocolException($"A frame header needs {Size} bytes, got {source.Length}.");
        var header = new FrameHeader(
            source[0],
            (FrameFlags)source[1],
            BinaryPrimitives.ReadInt16BigEndian(source[2..]),
            (Opcode)source[4],
            BinaryPrimitives.ReadInt32BigEndian(source[5..]));
        if (header.BodyLength < 0 || header.BodyLength > MaxBodyLength)
        {
            throw new CqlProtocolException($"A frame body of {header.BodyLength} bytes is outside the protocol's limit of {MaxBodyLength}.");
        }

        return header;
    }
}

/// <summary>Frame flags (spec §2.2). This client never compresses nor traces, but must understand a response that carries warnings or a payload.</summary>
[Flags]
internal enum FrameFlags : byte
{
    None = 0x00,
    Compression = 0x01,
    Tracing = 0x02,
    CustomPayload = 0x04,
    Warning = 0x08,
}
