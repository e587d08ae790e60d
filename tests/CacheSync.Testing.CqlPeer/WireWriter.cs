using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CacheSync.Testing.CqlPeer;

/// <summary>Writes the notations of spec section 3 into a growing buffer, big-endian.</summary>
public sealed class WireWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public int Length => _buffer.WrittenCount;

    public WireWriter WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public WireWriter WriteShort(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
        return this;
    }

    /// <summary>[short] as the spec means it: an unsigned length or count.</summary>
    public WireWriter WriteUnsignedShort(int value)
    {
        if (value is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "does not fit a [short]");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), (ushort)value);
        _buffer.Advance(2);
        return this;
    }

    public WireWriter WriteInt(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public WireWriter WriteLong(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public WireWriter WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    public WireWriter WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return WriteUnsignedShort(bytes.Length).WriteRaw(bytes);
    }

    public WireWriter WriteLongString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return WriteInt(bytes.Length).WriteRaw(bytes);
    }

    public WireWriter WriteStringList(IReadOnlyCollection<string> values)
    {
        WriteUnsignedShort(values.Count);
        foreach (var value in values)
        {
            WriteString(value);
        }

        return this;
    }

    /// <summary>[bytes]; null is written as length -1.</summary>
    public WireWriter WriteBytes(byte[]? value) => value is null ? WriteInt(-1) : WriteInt(value.Length).WriteRaw(value);

    public WireWriter WriteShortBytes(byte[] value) => WriteUnsignedShort(value.Length).WriteRaw(value);

    public WireWriter WriteConsistency(CqlConsistency value) => WriteUnsignedShort((ushort)value);

    public WireWriter WriteStringMultimap(IReadOnlyDictionary<string, IReadOnlyList<string>> map)
    {
        WriteUnsignedShort(map.Count);
        foreach (var (key, values) in map)
        {
            WriteString(key).WriteStringList(values.ToArray());
        }

        return this;
    }

    /// <summary>A type [option]: the id, then for list/set the element's option (spec 4.2.5.2).</summary>
    public WireWriter WriteTypeOption(CqlType type)
    {
        WriteUnsignedShort(type.Id);
        if (type.IsCollection)
        {
            WriteTypeOption(type.Element ?? throw new ArgumentException($"collection type {type.Id} without element", nameof(type)));
        }

        return this;
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
