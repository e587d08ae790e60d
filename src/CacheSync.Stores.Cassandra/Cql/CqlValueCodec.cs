using System.Buffers.Binary;
using System.Net;
using System.Numerics;
using System.Text;

namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>
/// Converts between .NET values and the serialized form of each column type (spec §6). The scalar types cover
/// what the store and named statements bind; collections are read (system tables return them) but not written.
/// </summary>
public static class CqlValueCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Serializes <paramref name="value"/> as <paramref name="type"/>; null stays null.</summary>
    /// <exception cref="ArgumentException">The value cannot be that type (a string for an int column, say).</exception>
    public static CqlValue Serialize(object? value, CqlType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (value is null) return CqlValue.Null;
        if (value is CqlValue already) return already;
        return CqlValue.Of(type.Code switch
        {
            CqlTypeCode.Varchar => Encoding.UTF8.GetBytes(As<string>(value, type)),
            CqlTypeCode.Ascii => Ascii(As<string>(value, type)),
            CqlTypeCode.Bigint or CqlTypeCode.Counter => Big64(AsLong(value, type)),
            CqlTypeCode.Int => Big32(checked((int)AsLong(value, type))),
            CqlTypeCode.Smallint => Big16(checked((short)AsLong(value, type))),
            CqlTypeCode.Tinyint => [unchecked((byte)checked((sbyte)AsLong(value, type)))],
            CqlTypeCode.Boolean => [As<bool>(value, type) ? (byte)1 : (byte)0],
            CqlTypeCode.Blob => value is ReadOnlyMemory<byte> memory ? memory.ToArray() : As<byte[]>(value, type),
            CqlTypeCode.Timestamp => Big64(value switch
            {
                DateTimeOffset instant => instant.ToUnixTimeMilliseconds(),
                DateTime { Kind: DateTimeKind.Utc } utc => new DateTimeOffset(utc).ToUnixTimeMilliseconds(),
                long milliseconds => milliseconds,
                _ => throw Mismatch(value, type),
            }),
            CqlTypeCode.Uuid or CqlTypeCode.Timeuuid => As<Guid>(value, type).ToByteArray(bigEndian: true),
            CqlTypeCode.Double => Big64(BitConverter.DoubleToInt64Bits(value is float f ? f : As<double>(value, type))),
            CqlTypeCode.Float => Big32(BitConverter.SingleToInt32Bits(As<float>(value, type))),
            CqlTypeCode.Inet => As<IPAddress>(value, type).GetAddressBytes(),
            CqlTypeCode.Varint => (value is BigInteger big ? big : new BigInteger(AsLong(value, type))).ToByteArray(isUnsigned: false, isBigEndian: true),
            _ => throw new ArgumentException($"Binding a value of type {type} is not supported by this client.", nameof(type)),
        });
    }

    /// <summary>Reads a serialized value; null bytes are null. Types the client does not convert come back as raw bytes.</summary>
    public static object? Deserialize(ReadOnlySpan<byte> bytes, bool isNull, CqlType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (isNull) return null;

        // An empty value is legal for every type (spec §6) and means "no value" for those without an empty form.
        if (bytes.IsEmpty && type.Code is not (CqlTypeCode.Ascii or CqlTypeCode.Varchar or CqlTypeCode.Blob or CqlTypeCode.Custom)) return null;
        return type.Code switch
        {
            CqlTypeCode.Ascii or CqlTypeCode.Varchar => Utf8(bytes),
            CqlTypeCode.Bigint or CqlTypeCode.Counter => BinaryPrimitives.ReadInt64BigEndian(Exactly(bytes, 8, type)),
            CqlTypeCode.Int => BinaryPrimitives.ReadInt32BigEndian(Exactly(bytes, 4, type)),
            CqlTypeCode.Smallint => BinaryPrimitives.ReadInt16BigEndian(Exactly(bytes, 2, type)),
            CqlTypeCode.Tinyint => (sbyte)Exactly(bytes, 1, type)[0],
            CqlTypeCode.Boolean => Exactly(bytes, 1, type)[0] != 0,
            CqlTypeCode.Blob => bytes.ToArray(),
            CqlTypeCode.Timestamp => Instant(BinaryPrimitives.ReadInt64BigEndian(Exactly(bytes, 8, type))),
            CqlTypeCode.Uuid or CqlTypeCode.Timeuuid => new Guid(Exactly(bytes, 16, type), bigEndian: true),
            CqlTypeCode.Double => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Exactly(bytes, 8, type))),
            CqlTypeCode.Float => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32BigEndian(Exactly(bytes, 4, type))),
            CqlTypeCode.Inet => bytes.Length is 4 or 16
                ? new IPAddress(bytes)
                : throw new CqlProtocolException($"An inet value must be 4 or 16 bytes, not {bytes.Length}."),
            CqlTypeCode.Varint => new BigInteger(bytes, isUnsigned: false, isBigEndian: true),
            CqlTypeCode.List or CqlTypeCode.Set => ReadCollection(bytes, type.Elements[0]),
            CqlTypeCode.Map => ReadMap(bytes, type.Elements[0], type.Elements[1]),
            _ => bytes.ToArray(),
        };
    }

    public static object? Deserialize(byte[]? bytes, CqlType type) => Deserialize(bytes, bytes is null, type);

    private static List<object?> ReadCollection(ReadOnlySpan<byte> bytes, CqlType element)
    {
        var reader = new CqlReader(bytes);
        var count = reader.ReadInt();
        if (count < 0 || count > bytes.Length) throw new CqlProtocolException($"A collection cannot hold {count} elements in {bytes.Length} bytes.");
        var items = new List<object?>(count);
        for (var i = 0; i < count; i++)
        {
            var item = reader.ReadBytes();
            items.Add(Deserialize(item, element));
        }

        return items;
    }

    private static Dictionary<object, object?> ReadMap(ReadOnlySpan<byte> bytes, CqlType keyType, CqlType valueType)
    {
        var reader = new CqlReader(bytes);
        var count = reader.ReadInt();
        if (count < 0 || count > bytes.Length) throw new CqlProtocolException($"A map cannot hold {count} entries in {bytes.Length} bytes.");
        var map = new Dictionary<object, object?>(count);
        for (var i = 0; i < count; i++)
        {
            var key = Deserialize(reader.ReadBytes(), keyType) ?? throw new CqlProtocolException("A map key is null.");
            map[key] = Deserialize(reader.ReadBytes(), valueType);
        }

        return map;
    }

    private static DateTimeOffset Instant(long milliseconds) =>
        milliseconds is >= -62_135_596_800_000 and <= 253_402_300_799_999
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : throw new CqlProtocolException($"The timestamp {milliseconds} ms lies outside the years 1 to 9999.");

    private static byte[] Ascii(string text) =>
        text.All(char.IsAscii) ? Encoding.ASCII.GetBytes(text) : throw new ArgumentException("An ascii column takes only characters 0 to 127.", nameof(text));

    private static ReadOnlySpan<byte> Exactly(ReadOnlySpan<byte> bytes, int length, CqlType type) =>
        bytes.Length == length ? bytes : throw new CqlProtocolException($"A {type} value must be {length} bytes, not {bytes.Length}.");

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new CqlProtocolException("A text value is not valid UTF-8.", e);
        }
    }

    private static T As<T>(object value, CqlType type) => value is T typed ? typed : throw Mismatch(value, type);

    private static long AsLong(object value, CqlType type) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        sbyte b => b,
        byte b => b,
        _ => throw Mismatch(value, type),
    };

    private static ArgumentException Mismatch(object value, CqlType type) =>
        new($"A {value.GetType().Name} cannot be bound as {type}.", nameof(value));

    private static byte[] Big64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Big32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Big16(short value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        return bytes;
    }
}
