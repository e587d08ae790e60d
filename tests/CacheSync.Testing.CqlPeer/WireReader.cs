using System.Buffers.Binary;
using System.Text;

namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// Reads the notations of spec section 3 from a frame body, big-endian. Any read past the end throws
/// <see cref="FormatException"/>, which the peer turns into a protocol error: a short body is a client bug
/// we want to see, not paper over.
/// </summary>
public sealed class WireReader(byte[] buffer)
{
    private int _position;

    public int Position => _position;

    public int Remaining => buffer.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public short ReadShort() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    /// <summary>[short] is unsigned in the spec (a length or a count).</summary>
    public ushort ReadUnsignedShort() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public string ReadString() => Encoding.UTF8.GetString(Take(ReadUnsignedShort()));

    public string ReadLongString()
    {
        var length = ReadInt();
        if (length < 0)
        {
            throw new FormatException($"negative [long string] length {length}");
        }

        return Encoding.UTF8.GetString(Take(length));
    }

    public IReadOnlyList<string> ReadStringList()
    {
        var count = ReadUnsignedShort();
        var list = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(ReadString());
        }

        return list;
    }

    /// <summary>[bytes]: any negative length is null.</summary>
    public byte[]? ReadBytes()
    {
        var length = ReadInt();
        return length < 0 ? null : Take(length).ToArray();
    }

    /// <summary>[value]: -1 is null, -2 is "not set", below -2 is invalid.</summary>
    public BoundValue ReadValue(string? name = null)
    {
        var length = ReadInt();
        return length switch
        {
            -1 => new BoundValue(null, Name: name),
            -2 => new BoundValue(null, IsNotSet: true, Name: name),
            < -2 => throw new FormatException($"invalid [value] length {length}"),
            _ => new BoundValue(Take(length).ToArray(), Name: name),
        };
    }

    public byte[] ReadShortBytes() => Take(ReadUnsignedShort()).ToArray();

    public CqlConsistency ReadConsistency() => (CqlConsistency)ReadUnsignedShort();

    public IReadOnlyDictionary<string, string> ReadStringMap()
    {
        var count = ReadUnsignedShort();
        var map = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = ReadString();
            map[key] = ReadString();
        }

        return map;
    }

    public IReadOnlyDictionary<string, byte[]?> ReadBytesMap()
    {
        var count = ReadUnsignedShort();
        var map = new Dictionary<string, byte[]?>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = ReadString();
            map[key] = ReadBytes();
        }

        return map;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new FormatException($"body too short: need {count} byte(s) at offset {_position}, have {Remaining}");
        }

        var span = buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }
}
