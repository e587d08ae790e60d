using System.Buffers.Binary;
using System.Text;

namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>
/// Reads the notations of spec §3 from a frame body. Every read checks the bytes are there: a truncated or
/// lying frame becomes a <see cref="CqlProtocolException"/>, never an index error or a huge allocation.
/// </summary>
internal ref struct CqlReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _body;
    private int _position;

    public CqlReader(ReadOnlySpan<byte> body)
    {
        _body = body;
        _position = 0;
    }

    public readonly int Remaining => _body.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadShort() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public string ReadString() => Utf8(Take(ReadShort()));

    public string ReadLongString()
    {
        var length = ReadInt();
        if (length < 0) throw new CqlProtocolException($"A [long string] cannot have length {length}.");
        return Utf8(Take(length));
    }

    /// <summary>[bytes]; null when the length is negative.</summary>
    public byte[]? ReadBytes()
    {
        var length = ReadInt();
        return length < 0 ? null : Take(length).ToArray();
    }

    public byte[] ReadShortBytes() => Take(ReadShort()).ToArray();

    public Guid ReadUuid() => new(Take(16), bigEndian: true);

    public IReadOnlyList<string> ReadStringList()
    {
        var count = ReadShort();
        var list = new List<string>(Math.Min((int)count, 64));
        for (var i = 0; i < count; i++) list.Add(ReadString());
        return list;
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ReadStringMultimap()
    {
        var count = ReadShort();
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = ReadString();
            map[key] = ReadStringList();
        }

        return map;
    }

    public void SkipBytesMap()
    {
        var count = ReadShort();
        for (var i = 0; i < count; i++)
        {
            ReadString();
            ReadBytes();
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new CqlProtocolException($"The frame body ends after {_body.Length} bytes; {count} more were expected at offset {_position}.");
        }

        var slice = _body.Slice(_position, count);
        _position += count;
        return slice;
    }

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new CqlProtocolException("A [string] in the frame is not valid UTF-8.", e);
        }
    }
}
