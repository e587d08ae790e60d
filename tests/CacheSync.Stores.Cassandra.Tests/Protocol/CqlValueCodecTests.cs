using System.Net;
using System.Numerics;
using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.Protocol.Wire;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>Spec §6: the serialized form of each scalar column type (without the [bytes] length prefix).</summary>
public class CqlValueCodecTests
{
    private static CqlType T(CqlTypeCode code) => CqlType.Of(code);

    private static byte[] Serialize(object? value, CqlTypeCode code) => CqlValueCodec.Serialize(value, T(code)).Bytes();

    private static object? Deserialize(string hex, CqlTypeCode code) => CqlValueCodec.Deserialize(Hex(hex), T(code));

    /// <summary>Serializes to exactly <paramref name="hex"/> and reads back to <paramref name="value"/>.</summary>
    private static void AssertBothWays(object value, CqlTypeCode code, string hex)
    {
        Assert.That(Serialize(value, code), Is.EqualTo(Hex(hex)), "serialized");
        Assert.That(Deserialize(hex, code), Is.EqualTo(value), "deserialized");
    }

    // ---- 6.15 text / 6.22 varchar, 6.1 ascii ----

    [Test]
    public void Text_is_utf8_without_a_length()
    {
        AssertBothWays("héllo €", CqlTypeCode.Varchar, "68 C3 A9 6C 6C 6F 20 E2 82 AC");
    }

    [Test]
    public void Empty_text_is_zero_bytes()
    {
        AssertBothWays(string.Empty, CqlTypeCode.Varchar, "");
    }

    [Test]
    public void Ascii_is_one_byte_per_character()
    {
        AssertBothWays("CQL 3", CqlTypeCode.Ascii, "43 51 4C 20 33");
    }

    [TestCase("C3 28")]
    [TestCase("FF")]
    [TestCase("ED A0 80")]
    public void Invalid_utf8_text_is_a_protocol_error(string hex)
    {
        Assert.That(() => Deserialize(hex, CqlTypeCode.Varchar), Throws.TypeOf<CqlProtocolException>());
    }

    // ---- 6.2 bigint (and counter) ----

    [TestCase(0L, "00 00 00 00 00 00 00 00")]
    [TestCase(1L, "00 00 00 00 00 00 00 01")]
    [TestCase(-1L, "FF FF FF FF FF FF FF FF")]
    [TestCase(long.MinValue, "80 00 00 00 00 00 00 00")]
    [TestCase(long.MaxValue, "7F FF FF FF FF FF FF FF")]
    [TestCase(9007199254740993L, "00 20 00 00 00 00 00 01")] // 2^53 + 1: not representable as a double
    public void Bigint_is_eight_bytes_twos_complement(long value, string hex)
    {
        AssertBothWays(value, CqlTypeCode.Bigint, hex);
        AssertBothWays(value, CqlTypeCode.Counter, hex);
    }

    [Test]
    public void Bigint_accepts_narrower_integers()
    {
        Assert.That(Serialize(7, CqlTypeCode.Bigint), Is.EqualTo(Hex("00 00 00 00 00 00 00 07")));
        Assert.That(Serialize((short)-1, CqlTypeCode.Bigint), Is.EqualTo(Hex("FF FF FF FF FF FF FF FF")));
    }

    // ---- 6.10 int, 6.14 smallint, 6.19 tinyint ----

    [TestCase(0, "00 00 00 00")]
    [TestCase(42, "00 00 00 2A")]
    [TestCase(-2, "FF FF FF FE")]
    [TestCase(int.MinValue, "80 00 00 00")]
    [TestCase(int.MaxValue, "7F FF FF FF")]
    public void Int_is_four_bytes_twos_complement(int value, string hex)
    {
        AssertBothWays(value, CqlTypeCode.Int, hex);
    }

    [TestCase((short)300, "01 2C")]
    [TestCase((short)-1, "FF FF")]
    [TestCase(short.MinValue, "80 00")]
    public void Smallint_is_two_bytes_twos_complement(short value, string hex)
    {
        AssertBothWays(value, CqlTypeCode.Smallint, hex);
    }

    [TestCase((sbyte)0, "00")]
    [TestCase((sbyte)127, "7F")]
    [TestCase((sbyte)-1, "FF")]
    [TestCase((sbyte)-128, "80")]
    public void Tinyint_is_one_byte_twos_complement(sbyte value, string hex)
    {
        AssertBothWays(value, CqlTypeCode.Tinyint, hex);
    }

    // ---- 6.4 boolean ----

    [Test]
    public void Boolean_is_one_byte_1_for_true_0_for_false()
    {
        AssertBothWays(true, CqlTypeCode.Boolean, "01");
        AssertBothWays(false, CqlTypeCode.Boolean, "00");
    }

    [TestCase("02")]
    [TestCase("FF")]
    public void Any_non_zero_boolean_byte_is_true(string hex)
    {
        Assert.That(Deserialize(hex, CqlTypeCode.Boolean), Is.EqualTo(true));
    }

    // ---- 6.3 blob ----

    [Test]
    public void Blob_is_the_bytes_themselves()
    {
        AssertBothWays(new byte[] { 0x00, 0xFF, 0x10 }, CqlTypeCode.Blob, "00 FF 10");
        AssertBothWays(Array.Empty<byte>(), CqlTypeCode.Blob, "");
        Assert.That(Serialize(new ReadOnlyMemory<byte>([0xAB]), CqlTypeCode.Blob), Is.EqualTo(Hex("AB")));
    }

    // ---- 6.17 timestamp ----

    [Test]
    public void Timestamp_is_milliseconds_since_the_epoch()
    {
        var instant = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero); // 1 609 459 200 000 ms

        AssertBothWays(instant, CqlTypeCode.Timestamp, "00 00 01 76 BB 3E 70 00");
        Assert.That(Serialize(new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc), CqlTypeCode.Timestamp), Is.EqualTo(Hex("00 00 01 76 BB 3E 70 00")));
        Assert.That(Serialize(1_609_459_200_000L, CqlTypeCode.Timestamp), Is.EqualTo(Hex("00 00 01 76 BB 3E 70 00")));
    }

    [Test]
    public void Timestamp_keeps_the_offset_out_of_the_wire()
    {
        var instant = new DateTimeOffset(2021, 1, 1, 2, 0, 0, TimeSpan.FromHours(2)); // the same instant as 00:00Z

        Assert.That(Serialize(instant, CqlTypeCode.Timestamp), Is.EqualTo(Hex("00 00 01 76 BB 3E 70 00")));
    }

    [Test]
    public void Timestamps_before_1970_are_negative()
    {
        AssertBothWays(DateTimeOffset.UnixEpoch.AddMilliseconds(-1), CqlTypeCode.Timestamp, "FF FF FF FF FF FF FF FF");
        AssertBothWays(new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), CqlTypeCode.Timestamp, "FF FF FD FD AE 01 DC 00"); // -2 208 988 800 000
        AssertBothWays(DateTimeOffset.UnixEpoch, CqlTypeCode.Timestamp, "00 00 00 00 00 00 00 00");
    }

    // ---- 6.21 uuid, 6.18 timeuuid ----

    [Test]
    public void Uuid_is_16_bytes_in_rfc_4122_order()
    {
        var uuid = Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
        const string Rfc4122 = "F8 1D 4F AE 7D EC 11 D0 A7 65 00 A0 C9 1E 6B F6";

        AssertBothWays(uuid, CqlTypeCode.Uuid, Rfc4122);
        Assert.That(Serialize(uuid, CqlTypeCode.Uuid), Is.Not.EqualTo(uuid.ToByteArray()), "not .NET's mixed-endian layout (AE 4F 1D F8 EC 7D D0 11 …)");
    }

    [Test]
    public void Timeuuid_is_16_bytes_in_rfc_4122_order()
    {
        AssertBothWays(Guid.Parse("d2177dd0-eaa2-11de-a572-001b779c76e3"), CqlTypeCode.Timeuuid, "D2 17 7D D0 EA A2 11 DE A5 72 00 1B 77 9C 76 E3");
    }

    // ---- 6.7 double, 6.8 float ----

    [TestCase(1.0, "3F F0 00 00 00 00 00 00")]
    [TestCase(-2.5, "C0 04 00 00 00 00 00 00")]
    [TestCase(0.1, "3F B9 99 99 99 99 99 9A")]
    [TestCase(double.PositiveInfinity, "7F F0 00 00 00 00 00 00")]
    public void Double_is_ieee754_binary64_big_endian(double value, string hex)
    {
        AssertBothWays(value, CqlTypeCode.Double, hex);
    }

    [TestCase(1.0f, "3F 80 00 00")]
    [TestCase(-2.5f, "C0 20 00 00")]
    public void Float_is_ieee754_binary32_big_endian(float value, string hex)
    {
        AssertBothWays(value, CqlTypeCode.Float, hex);
    }

    // ---- 6.9 inet ----

    [Test]
    public void Inet_v4_is_four_bytes()
    {
        AssertBothWays(IPAddress.Parse("192.168.1.10"), CqlTypeCode.Inet, "C0 A8 01 0A");
    }

    [Test]
    public void Inet_v6_is_sixteen_bytes()
    {
        AssertBothWays(IPAddress.Parse("2001:db8::1"), CqlTypeCode.Inet, "20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 01");
    }

    // ---- 6.23 varint, with the spec's own examples ----

    [TestCase(0, "00")]
    [TestCase(1, "01")]
    [TestCase(127, "7F")]
    [TestCase(128, "00 80")]
    [TestCase(129, "00 81")]
    [TestCase(-1, "FF")]
    [TestCase(-128, "80")]
    [TestCase(-129, "FF 7F")]
    public void Varint_matches_the_examples_of_section_6_23(int value, string hex)
    {
        AssertBothWays(new BigInteger(value), CqlTypeCode.Varint, hex);
        Assert.That(Serialize((long)value, CqlTypeCode.Varint), Is.EqualTo(Hex(hex)), "bound from a long");
    }

    [Test]
    public void Varint_beyond_64_bits()
    {
        AssertBothWays(BigInteger.Pow(2, 64), CqlTypeCode.Varint, "01 00 00 00 00 00 00 00 00");
        AssertBothWays(-BigInteger.Pow(2, 64), CqlTypeCode.Varint, "FF 00 00 00 00 00 00 00 00");
    }

    // ---- 6.11 list, 6.13 set, 6.12 map (read only) ----

    [Test]
    public void A_list_of_text_is_an_int_count_of_bytes_values()
    {
        var type = new CqlType(CqlTypeCode.List, [T(CqlTypeCode.Varchar)]);

        var list = CqlValueCodec.Deserialize(Hex(
            "00 00 00 03",            // [int] n = 3
            "00 00 00 01 61",         // "a"
            "00 00 00 02 62 63",      // "bc"
            "00 00 00 00"), type);    // ""

        Assert.That(list, Is.EqualTo(new object[] { "a", "bc", "" }));
    }

    [Test]
    public void A_set_of_text_is_read_like_a_list()
    {
        var type = new CqlType(CqlTypeCode.Set, [T(CqlTypeCode.Varchar)]);

        Assert.That(CqlValueCodec.Deserialize(Hex("00 00 00 02", "00 00 00 01 78", "00 00 00 01 79"), type), Is.EqualTo(new object[] { "x", "y" }));
    }

    [Test]
    public void An_empty_list_is_a_zero_count()
    {
        var type = new CqlType(CqlTypeCode.List, [T(CqlTypeCode.Int)]);

        Assert.That(CqlValueCodec.Deserialize(Hex("00 00 00 00"), type), Is.Empty);
    }

    [Test]
    public void A_map_of_text_to_int_is_an_int_count_of_key_value_bytes()
    {
        var type = new CqlType(CqlTypeCode.Map, [T(CqlTypeCode.Varchar), T(CqlTypeCode.Int)]);

        var map = CqlValueCodec.Deserialize(Hex(
            "00 00 00 02",                            // [int] n = 2 entries
            "00 00 00 01 61", "00 00 00 04 00 00 00 01", // "a" -> 1
            "00 00 00 01 62", "00 00 00 04 FF FF FF FF"), type); // "b" -> -1

        Assert.That(map, Is.EquivalentTo(new Dictionary<object, object?> { ["a"] = 1, ["b"] = -1 }));
    }

    [TestCase("00 00 00 02 00 00 00 01 61")]          // 2 elements announced, 1 present
    [TestCase("7F FF FF FF")]                         // 2^31 - 1 elements announced
    [TestCase("FF FF FF FF")]                         // negative count
    [TestCase("00 00 00 01 00 00 00 05 61")]          // element longer than the value
    [TestCase("00 00")]                               // count cut short
    public void A_truncated_or_lying_list_is_a_protocol_error(string hex)
    {
        var type = new CqlType(CqlTypeCode.List, [T(CqlTypeCode.Varchar)]);

        Assert.That(() => CqlValueCodec.Deserialize(Hex(hex), type), Throws.TypeOf<CqlProtocolException>());
    }

    [TestCase("00 00 00 01 00 00 00 01 61")]          // key without value
    [TestCase("7F FF FF FF")]
    public void A_truncated_map_is_a_protocol_error(string hex)
    {
        var type = new CqlType(CqlTypeCode.Map, [T(CqlTypeCode.Varchar), T(CqlTypeCode.Int)]);

        Assert.That(() => CqlValueCodec.Deserialize(Hex(hex), type), Throws.TypeOf<CqlProtocolException>());
    }

    [Test]
    public void A_list_of_int_with_a_wrong_length_element_is_a_protocol_error()
    {
        var type = new CqlType(CqlTypeCode.List, [T(CqlTypeCode.Int)]);

        Assert.That(() => CqlValueCodec.Deserialize(Hex("00 00 00 01", "00 00 00 02 00 01"), type), Throws.TypeOf<CqlProtocolException>());
    }

    // ---- null ----

    [TestCase(CqlTypeCode.Varchar)]
    [TestCase(CqlTypeCode.Int)]
    [TestCase(CqlTypeCode.Uuid)]
    [TestCase(CqlTypeCode.Blob)]
    public void Null_is_null_both_ways(CqlTypeCode code)
    {
        Assert.That(CqlValueCodec.Serialize(null, T(code)), Is.EqualTo(CqlValue.Null));
        Assert.That(CqlValueCodec.Deserialize(null, T(code)), Is.Null);
        Assert.That(CqlValueCodec.Deserialize(ReadOnlySpan<byte>.Empty, isNull: true, T(code)), Is.Null);
    }

    [Test]
    public void A_cql_value_is_bound_as_it_is()
    {
        Assert.That(CqlValueCodec.Serialize(CqlValue.NotSet, T(CqlTypeCode.Int)), Is.EqualTo(CqlValue.NotSet));
    }

    // ---- wrong lengths ----

    [TestCase(CqlTypeCode.Int, "00 00 00")]
    [TestCase(CqlTypeCode.Int, "00 00 00 00 00")]
    [TestCase(CqlTypeCode.Bigint, "00 00 00 01")]
    [TestCase(CqlTypeCode.Counter, "00")]
    [TestCase(CqlTypeCode.Smallint, "01")]
    [TestCase(CqlTypeCode.Tinyint, "01 02")]
    [TestCase(CqlTypeCode.Boolean, "01 01")]
    [TestCase(CqlTypeCode.Timestamp, "00 00 00 00 00 00 00")]
    [TestCase(CqlTypeCode.Uuid, "F8 1D 4F AE 7D EC 11 D0 A7 65 00 A0 C9 1E 6B")]
    [TestCase(CqlTypeCode.Timeuuid, "F8 1D 4F AE 7D EC 11 D0 A7 65 00 A0 C9 1E 6B F6 00")]
    [TestCase(CqlTypeCode.Double, "3F F0 00 00")]
    [TestCase(CqlTypeCode.Float, "3F F0 00 00 00 00 00 00")]
    public void A_value_of_the_wrong_length_is_a_protocol_error(CqlTypeCode code, string hex)
    {
        Assert.That(() => Deserialize(hex, code), Throws.TypeOf<CqlProtocolException>());
    }

    [TestCase("7F 00 00")]                            // 3 bytes
    [TestCase("7F 00 00 01 00")]                      // 5 bytes
    [TestCase("00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01")] // 17 bytes
    public void An_inet_of_neither_4_nor_16_bytes_is_a_protocol_error(string hex)
    {
        // §6.9: "A 4 byte or 16 byte sequence denoting an IPv4 or IPv6 address".
        Assert.That(() => Deserialize(hex, CqlTypeCode.Inet), Throws.TypeOf<CqlProtocolException>());
    }

    // ---- wrong .NET types ----

    [TestCase("42", CqlTypeCode.Int)]
    [TestCase(42, CqlTypeCode.Varchar)]
    [TestCase(42, CqlTypeCode.Ascii)]
    [TestCase(1.5, CqlTypeCode.Bigint)]
    [TestCase("true", CqlTypeCode.Boolean)]
    [TestCase(1, CqlTypeCode.Boolean)]
    [TestCase("00", CqlTypeCode.Blob)]
    [TestCase("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", CqlTypeCode.Uuid)]
    [TestCase(1.5, CqlTypeCode.Float)]
    [TestCase("1.5", CqlTypeCode.Double)]
    [TestCase("127.0.0.1", CqlTypeCode.Inet)]
    [TestCase("2021-01-01", CqlTypeCode.Timestamp)]
    [TestCase(1.5, CqlTypeCode.Varint)]
    public void Binding_a_wrong_dotnet_type_is_an_argument_error(object value, CqlTypeCode code)
    {
        Assert.That(() => CqlValueCodec.Serialize(value, T(code)), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void Binding_a_timestamp_of_unknown_kind_is_an_argument_error()
    {
        Assert.That(() => CqlValueCodec.Serialize(new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), T(CqlTypeCode.Timestamp)),
            Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void Binding_a_guid_to_a_timestamp_is_an_argument_error()
    {
        Assert.That(() => CqlValueCodec.Serialize(Guid.Empty, T(CqlTypeCode.Timestamp)), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => CqlValueCodec.Serialize(DateTimeOffset.UnixEpoch, T(CqlTypeCode.Uuid)), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void Binding_a_collection_is_not_supported()
    {
        var type = new CqlType(CqlTypeCode.List, [T(CqlTypeCode.Varchar)]);

        Assert.That(() => CqlValueCodec.Serialize(new List<string> { "a" }, type), Throws.InstanceOf<ArgumentException>());
    }
}
