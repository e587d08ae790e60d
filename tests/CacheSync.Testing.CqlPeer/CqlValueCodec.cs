using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;

namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// Value serialization of spec section 6 for the types the peer models. The result is the content of a
/// [bytes]/[value] (no length prefix); null means the CQL null (written as length -1 by the caller).
/// </summary>
public static class CqlValueCodec
{
    public static byte[]? Encode(CqlType type, object? value)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (value is null)
        {
            return null;
        }

        return type.Id switch
        {
            // 6.1: ASCII must stay in [0,127]; refuse anything else rather than send what Cassandra would reject.
            CqlType.AsciiId => EncodeAscii(Expect<string>(type, value)),
            CqlType.VarcharId => Encoding.UTF8.GetBytes(Expect<string>(type, value)),
            CqlType.BigintId => EncodeLong(value switch
            {
                long l => l,
                int i => i,
                _ => throw Mismatch(type, value),
            }),
            CqlType.IntId => EncodeInt(Expect<int>(type, value)),
            // 6.4: one byte, 1 recommended for true.
            CqlType.BooleanId => [Expect<bool>(type, value) ? (byte)1 : (byte)0],
            CqlType.BlobId => value switch
            {
                byte[] bytes => bytes.ToArray(),
                ReadOnlyMemory<byte> memory => memory.ToArray(),
                _ => throw Mismatch(type, value),
            },
            // 6.17: milliseconds since the epoch, signed.
            CqlType.TimestampId => EncodeLong(value switch
            {
                DateTimeOffset dto => dto.ToUnixTimeMilliseconds(),
                DateTime dt => new DateTimeOffset(dt.ToUniversalTime()).ToUnixTimeMilliseconds(),
                long ms => ms,
                _ => throw Mismatch(type, value),
            }),
            // 6.18/6.21: the 16 bytes in RFC 4122 order, i.e. the order of the hex digits of the text form.
            CqlType.UuidId or CqlType.TimeuuidId => value switch
            {
                Guid g => g.ToByteArray(bigEndian: true),
                string s => Guid.Parse(s).ToByteArray(bigEndian: true),
                _ => throw Mismatch(type, value),
            },
            CqlType.DoubleId => EncodeDouble(Expect<double>(type, value)),
            // 6.9: 4 or 16 raw address bytes (no port, unlike the [inet] notation of section 3).
            CqlType.InetId => value switch
            {
                IPAddress address => address.GetAddressBytes(),
                string s => IPAddress.Parse(s).GetAddressBytes(),
                _ => throw Mismatch(type, value),
            },
            CqlType.ListId or CqlType.SetId => EncodeCollection(type, value),
            _ => throw new NotSupportedException($"the peer does not encode {type}"),
        };
    }

    /// <summary>The inverse of <see cref="Encode"/>, for assertions on what a client sent.</summary>
    public static object? Decode(CqlType type, byte[]? bytes)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (bytes is null)
        {
            return null;
        }

        return type.Id switch
        {
            CqlType.AsciiId or CqlType.VarcharId => Encoding.UTF8.GetString(bytes),
            CqlType.BigintId => BinaryPrimitives.ReadInt64BigEndian(Exactly(type, bytes, 8)),
            CqlType.IntId => BinaryPrimitives.ReadInt32BigEndian(Exactly(type, bytes, 4)),
            CqlType.BooleanId => Exactly(type, bytes, 1)[0] != 0,
            CqlType.BlobId => bytes.ToArray(),
            CqlType.TimestampId => DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(Exactly(type, bytes, 8))),
            CqlType.UuidId or CqlType.TimeuuidId => new Guid(Exactly(type, bytes, 16), bigEndian: true),
            CqlType.DoubleId => BinaryPrimitives.ReadDoubleBigEndian(Exactly(type, bytes, 8)),
            CqlType.InetId => new IPAddress(bytes),
            CqlType.ListId or CqlType.SetId => DecodeCollection(type, bytes),
            _ => throw new NotSupportedException($"the peer does not decode {type}"),
        };
    }

    private static byte[] EncodeAscii(string text)
    {
        foreach (var c in text)
        {
            if (c > 127)
            {
                throw new ArgumentException($"'{text}' is not ASCII", nameof(text));
            }
        }

        return Encoding.ASCII.GetBytes(text);
    }

    private static byte[] EncodeLong(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] EncodeInt(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] EncodeDouble(double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
        return bytes;
    }

    /// <summary>6.11/6.13 (v3+): an [int] count, then each element as [bytes].</summary>
    private static byte[] EncodeCollection(CqlType type, object value)
    {
        if (value is string || value is not IEnumerable items)
        {
            throw Mismatch(type, value);
        }

        var element = type.Element ?? throw new ArgumentException($"{type} has no element type");
        var encoded = items.Cast<object?>().Select(item => Encode(element, item)).ToList();
        var writer = new WireWriter().WriteInt(encoded.Count);
        foreach (var item in encoded)
        {
            writer.WriteBytes(item);
        }

        return writer.ToArray();
    }

    private static List<object?> DecodeCollection(CqlType type, byte[] bytes)
    {
        var element = type.Element ?? throw new ArgumentException($"{type} has no element type");
        var reader = new WireReader(bytes);
        var count = reader.ReadInt();
        var items = new List<object?>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            items.Add(Decode(element, reader.ReadBytes()));
        }

        return items;
    }

    private static byte[] Exactly(CqlType type, byte[] bytes, int length) =>
        bytes.Length == length
            ? bytes
            : throw new FormatException($"{type} needs {length} byte(s), got {bytes.Length}");

    private static T Expect<T>(CqlType type, object value) => value is T typed ? typed : throw Mismatch(type, value);

    private static ArgumentException Mismatch(CqlType type, object value) =>
        new(string.Create(CultureInfo.InvariantCulture, $"cannot encode {value.GetType().Name} '{value}' as {type}"), nameof(value));
}
