using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>Writes the notations of spec §3 ([int], [string], [value] …) into a growing body buffer, big-endian.</summary>
internal sealed class CqlWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public CqlWriter(int initialCapacity = 256)
    {
        _buffer = new ArrayBufferWriter<byte>(initialCapacity);
    }

    public int Length => _buffer.WrittenCount;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    /// <summary>[short]: two bytes, unsigned.</summary>
    public void WriteShort(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void WriteInt(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteLong(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    /// <summary>[string]: a [short] byte count, then UTF-8.</summary>
    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        if (count > ushort.MaxValue) throw new ArgumentException($"A [string] holds at most {ushort.MaxValue} bytes, not {count}.", nameof(value));
        WriteShort((ushort)count);
        _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count)));
    }

    /// <summary>[long string]: an [int] byte count, then UTF-8.</summary>
    public void WriteLongString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt(count);
        _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count)));
    }

    /// <summary>[bytes]: an [int] length then the bytes; a negative length is null.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value, bool isNull = false)
    {
        if (isNull)
        {
            WriteInt(-1);
            return;
        }

        WriteInt(value.Length);
        WriteRaw(value);
    }

    /// <summary>[short bytes]: a [short] length then the bytes (prepared statement ids).</summary>
    public void WriteShortBytes(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue) throw new ArgumentException("[short bytes] hold at most 65535 bytes.", nameof(value));
        WriteShort((ushort)value.Length);
        WriteRaw(value);
    }

    /// <summary>[value]: like [bytes], plus -2 for "not set" (leave the column as it is).</summary>
    public void WriteValue(CqlValue value)
    {
        switch (value.Kind)
        {
            case CqlValueKind.Null: WriteInt(-1); break;
            case CqlValueKind.NotSet: WriteInt(-2); break;
            default:
                WriteInt(value.Bytes.Length);
                WriteRaw(value.Bytes.Span);
                break;
        }
    }

    /// <summary>[string map]: a [short] count of [string] pairs.</summary>
    public void WriteStringMap(IReadOnlyCollection<KeyValuePair<string, string>> map)
    {
        WriteShort(checked((ushort)map.Count));
        foreach (var (key, value) in map)
        {
            WriteString(key);
            WriteString(value);
        }
    }

    /// <summary>[string list]: a [short] count of [string]s.</summary>
    public void WriteStringList(IReadOnlyCollection<string> list)
    {
        WriteShort(checked((ushort)list.Count));
        foreach (var item in list) WriteString(item);
    }
}
