using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.Protocol.Wire;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>Spec §3 notations, as the client writes them into request bodies. Everything is big-endian.</summary>
public class CqlWriterTests
{
    private static byte[] Write(Action<CqlWriter> write)
    {
        var writer = new CqlWriter();
        write(writer);
        return writer.Bytes();
    }

    [TestCase((ushort)0, "00 00")]
    [TestCase((ushort)1, "00 01")]
    [TestCase((ushort)0xABCD, "AB CD")]
    [TestCase(ushort.MaxValue, "FF FF")] // [short] is unsigned
    public void A_short_is_two_bytes_unsigned(ushort value, string expected)
    {
        Assert.That(Write(w => w.WriteShort(value)), Is.EqualTo(Hex(expected)));
    }

    [TestCase(0, "00 00 00 00")]
    [TestCase(0x01020304, "01 02 03 04")]
    [TestCase(-1, "FF FF FF FF")]
    [TestCase(-2, "FF FF FF FE")]
    [TestCase(int.MinValue, "80 00 00 00")]
    [TestCase(int.MaxValue, "7F FF FF FF")]
    public void An_int_is_four_bytes(int value, string expected)
    {
        Assert.That(Write(w => w.WriteInt(value)), Is.EqualTo(Hex(expected)));
    }

    [TestCase(0L, "00 00 00 00 00 00 00 00")]
    [TestCase(0x0102030405060708L, "01 02 03 04 05 06 07 08")]
    [TestCase(-1L, "FF FF FF FF FF FF FF FF")]
    [TestCase(long.MinValue, "80 00 00 00 00 00 00 00")]
    [TestCase(long.MaxValue, "7F FF FF FF FF FF FF FF")]
    public void A_long_is_eight_bytes(long value, string expected)
    {
        Assert.That(Write(w => w.WriteLong(value)), Is.EqualTo(Hex(expected)));
    }

    [Test]
    public void A_byte_is_one_byte()
    {
        Assert.That(Write(w => w.WriteByte(0xA5)), Is.EqualTo(Hex("A5")));
    }

    [Test]
    public void A_string_is_a_short_byte_count_then_utf8()
    {
        Assert.That(Write(w => w.WriteString("abc")), Is.EqualTo(Hex(
            "00 03",        // [short] n = 3
            "61 62 63")));  // "abc"
    }

    [Test]
    public void A_string_counts_utf8_bytes_not_characters()
    {
        // "é€😀": 3 characters (4 UTF-16 code units), 2 + 3 + 4 = 9 UTF-8 bytes.
        Assert.That(Write(w => w.WriteString("é€😀")), Is.EqualTo(Hex(
            "00 09",         // [short] n = 9 bytes
            "C3 A9",         // é  U+00E9
            "E2 82 AC",      // €  U+20AC
            "F0 9F 98 80")));// 😀 U+1F600
    }

    [Test]
    public void An_empty_string_is_a_zero_count()
    {
        Assert.That(Write(w => w.WriteString(string.Empty)), Is.EqualTo(Hex("00 00")));
    }

    [Test]
    public void A_string_of_more_than_65535_bytes_is_refused()
    {
        var writer = new CqlWriter();
        Assert.That(() => writer.WriteString(new string('x', 65536)), Throws.InstanceOf<ArgumentException>());
        Assert.That(Write(w => w.WriteString(new string('x', 65535)))[..2], Is.EqualTo(Hex("FF FF")));
    }

    [Test]
    public void A_long_string_is_an_int_byte_count_then_utf8()
    {
        Assert.That(Write(w => w.WriteLongString("ü!")), Is.EqualTo(Hex(
            "00 00 00 03",   // [int] n = 3 bytes
            "C3 BC",         // ü
            "21")));         // !
    }

    [Test]
    public void Bytes_are_an_int_length_then_the_bytes()
    {
        Assert.That(Write(w => w.WriteBytes(new byte[] { 1, 2, 3 })), Is.EqualTo(Hex("00 00 00 03", "01 02 03")));
    }

    [Test]
    public void Empty_bytes_are_length_zero_and_not_null()
    {
        Assert.That(Write(w => w.WriteBytes(ReadOnlySpan<byte>.Empty)), Is.EqualTo(Hex("00 00 00 00")));
    }

    [Test]
    public void Null_bytes_are_length_minus_one_and_nothing_after()
    {
        Assert.That(Write(w => w.WriteBytes(ReadOnlySpan<byte>.Empty, isNull: true)), Is.EqualTo(Hex("FF FF FF FF")));
    }

    [Test]
    public void A_value_with_bytes_is_an_int_length_then_the_bytes()
    {
        Assert.That(Write(w => w.WriteValue(CqlValue.Of([0xCA, 0xFE]))), Is.EqualTo(Hex("00 00 00 02", "CA FE")));
    }

    [Test]
    public void A_null_value_is_minus_one()
    {
        Assert.That(Write(w => w.WriteValue(CqlValue.Null)), Is.EqualTo(Hex("FF FF FF FF")));
    }

    [Test]
    public void A_not_set_value_is_minus_two()
    {
        Assert.That(Write(w => w.WriteValue(CqlValue.NotSet)), Is.EqualTo(Hex("FF FF FF FE")));
    }

    [Test]
    public void An_empty_value_is_length_zero()
    {
        Assert.That(Write(w => w.WriteValue(CqlValue.Of([]))), Is.EqualTo(Hex("00 00 00 00")));
    }

    [Test]
    public void Short_bytes_are_a_short_length_then_the_bytes()
    {
        Assert.That(Write(w => w.WriteShortBytes(new byte[] { 0xCA, 0xFE, 0xBA })), Is.EqualTo(Hex("00 03", "CA FE BA")));
    }

    [Test]
    public void Short_bytes_beyond_65535_are_refused()
    {
        var writer = new CqlWriter();
        Assert.That(() => writer.WriteShortBytes(new byte[65536]), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void A_string_map_is_a_short_count_of_string_pairs()
    {
        var map = new List<KeyValuePair<string, string>> { new("CQL_VERSION", "3.0.0"), new("COMPRESSION", "lz4") };

        Assert.That(Write(w => w.WriteStringMap(map)), Is.EqualTo(Hex(
            "00 02",                              // [short] n = 2 pairs
            "00 0B", Ascii("CQL_VERSION"),        // <k1>
            "00 05", Ascii("3.0.0"),              // <v1>
            "00 0B", Ascii("COMPRESSION"),        // <k2>
            "00 03", Ascii("lz4"))));             // <v2>
    }

    [Test]
    public void An_empty_string_map_is_a_zero_count()
    {
        Assert.That(Write(w => w.WriteStringMap(new Dictionary<string, string>())), Is.EqualTo(Hex("00 00")));
    }

    [Test]
    public void A_string_list_is_a_short_count_of_strings()
    {
        Assert.That(Write(w => w.WriteStringList(["a", "bc", ""])), Is.EqualTo(Hex(
            "00 03",            // [short] n = 3
            "00 01 61",         // "a"
            "00 02 62 63",      // "bc"
            "00 00")));         // ""
    }

    [Test]
    public void Writes_append_in_order()
    {
        Assert.That(Write(w =>
        {
            w.WriteByte(0x01);
            w.WriteShort(2);
            w.WriteInt(3);
            w.WriteRaw(new byte[] { 0xEE });
        }), Is.EqualTo(Hex("01", "00 02", "00 00 00 03", "EE")));
    }
}
