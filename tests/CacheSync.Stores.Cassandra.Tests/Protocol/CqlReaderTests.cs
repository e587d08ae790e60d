using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.Protocol.Wire;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>Spec §3 notations, as the client reads them from response bodies; truncation and bad UTF-8 are protocol errors.</summary>
public class CqlReaderTests
{
    [Test]
    public void A_short_is_unsigned()
    {
        var reader = new CqlReader(Hex("FF FF", "00 2A"));

        Assert.That(reader.ReadShort(), Is.EqualTo(65535));
        Assert.That(reader.ReadShort(), Is.EqualTo(42));
        Assert.That(reader.Remaining, Is.Zero);
    }

    [Test]
    public void Int_and_long_are_big_endian_twos_complement()
    {
        var reader = new CqlReader(Hex(
            "01 02 03 04",                  // [int] 0x01020304
            "FF FF FF FE",                  // [int] -2
            "80 00 00 00 00 00 00 00",      // [long] long.MinValue
            "00 20 00 00 00 00 00 01",      // [long] 2^53 + 1
            "7F"));                         // byte

        Assert.That(reader.ReadInt(), Is.EqualTo(0x01020304));
        Assert.That(reader.ReadInt(), Is.EqualTo(-2));
        Assert.That(reader.ReadLong(), Is.EqualTo(long.MinValue));
        Assert.That(reader.ReadLong(), Is.EqualTo(9007199254740993L));
        Assert.That(reader.ReadByte(), Is.EqualTo(0x7F));
        Assert.That(reader.Remaining, Is.Zero);
    }

    [Test]
    public void A_string_is_utf8_with_a_byte_count()
    {
        var reader = new CqlReader(Hex("00 09", "C3 A9", "E2 82 AC", "F0 9F 98 80", "00 00"));

        Assert.That(reader.ReadString(), Is.EqualTo("é€😀"));
        Assert.That(reader.ReadString(), Is.Empty);
    }

    [Test]
    public void A_long_string_has_an_int_byte_count()
    {
        var reader = new CqlReader(Hex("00 00 00 03", "C3 BC 21"));

        Assert.That(reader.ReadLongString(), Is.EqualTo("ü!"));
    }

    [Test]
    public void A_long_string_with_a_negative_length_is_refused()
    {
        Assert.That(() => new CqlReader(Hex("FF FF FF FF")).ReadLongString(), Throws.TypeOf<CqlProtocolException>());
    }

    [Test]
    public void Bytes_are_read_with_their_length()
    {
        var reader = new CqlReader(Hex("00 00 00 03", "01 02 03", "00 00 00 00"));

        Assert.That(reader.ReadBytes(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(reader.ReadBytes(), Is.Not.Null.And.Empty);
    }

    [TestCase("FF FF FF FF")] // -1
    [TestCase("FF FF FF FE")] // -2: "If n < 0, no byte should follow and the value represented is null"
    [TestCase("80 00 00 00")]
    public void Bytes_with_a_negative_length_are_null(string length)
    {
        var reader = new CqlReader(Hex(length, "2A"));

        Assert.That(reader.ReadBytes(), Is.Null);
        Assert.That(reader.ReadByte(), Is.EqualTo(0x2A), "no byte follows a null [bytes]");
    }

    [Test]
    public void Short_bytes_are_read_with_a_short_length()
    {
        var reader = new CqlReader(Hex("00 02", "CA FE", "00 00"));

        Assert.That(reader.ReadShortBytes(), Is.EqualTo(new byte[] { 0xCA, 0xFE }));
        Assert.That(reader.ReadShortBytes(), Is.Empty);
    }

    [Test]
    public void A_uuid_is_16_bytes_in_rfc_4122_order()
    {
        var reader = new CqlReader(Hex("F8 1D 4F AE 7D EC 11 D0 A7 65 00 A0 C9 1E 6B F6"));

        Assert.That(reader.ReadUuid(), Is.EqualTo(Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")));
    }

    [Test]
    public void A_string_list_is_a_short_count_of_strings()
    {
        var reader = new CqlReader(Hex("00 03", "00 01 61", "00 02 62 63", "00 00"));

        Assert.That(reader.ReadStringList(), Is.EqualTo(new[] { "a", "bc", "" }));
    }

    [Test]
    public void A_string_multimap_maps_strings_to_string_lists()
    {
        var reader = new CqlReader(Hex(
            "00 02",                                         // [short] n = 2
            "00 0B", Ascii("COMPRESSION"),                   // <k1>
            "00 02", "00 03", Ascii("lz4"), "00 06", Ascii("snappy"), // <v1> [string list]
            "00 0B", Ascii("CQL_VERSION"),                   // <k2>
            "00 01", "00 05", Ascii("3.4.5")));              // <v2>

        var map = reader.ReadStringMultimap();

        Assert.That(map, Has.Count.EqualTo(2));
        Assert.That(map["COMPRESSION"], Is.EqualTo(new[] { "lz4", "snappy" }));
        Assert.That(map["CQL_VERSION"], Is.EqualTo(new[] { "3.4.5" }));
    }

    [Test]
    public void A_bytes_map_is_skipped_entirely()
    {
        var reader = new CqlReader(Hex(
            "00 02",                                 // [short] n = 2
            "00 01 6B", "00 00 00 02 01 02",         // "k" -> [bytes] 01 02
            "00 01 6E", "FF FF FF FF",               // "n" -> null
            "00 00 00 2A"));                         // what follows

        reader.SkipBytesMap();

        Assert.That(reader.ReadInt(), Is.EqualTo(42));
    }

    private delegate void Read(ref CqlReader reader);

    private static readonly Dictionary<string, Read> Reads = new()
    {
        ["byte"] = (ref CqlReader r) => r.ReadByte(),
        ["short"] = (ref CqlReader r) => r.ReadShort(),
        ["int"] = (ref CqlReader r) => r.ReadInt(),
        ["long"] = (ref CqlReader r) => r.ReadLong(),
        ["string"] = (ref CqlReader r) => r.ReadString(),
        ["long string"] = (ref CqlReader r) => r.ReadLongString(),
        ["bytes"] = (ref CqlReader r) => r.ReadBytes(),
        ["short bytes"] = (ref CqlReader r) => r.ReadShortBytes(),
        ["uuid"] = (ref CqlReader r) => r.ReadUuid(),
        ["string list"] = (ref CqlReader r) => r.ReadStringList(),
        ["string multimap"] = (ref CqlReader r) => r.ReadStringMultimap(),
        ["bytes map"] = (ref CqlReader r) => r.SkipBytesMap(),
    };

    private static void ReadFrom(string notation, byte[] body)
    {
        var reader = new CqlReader(body);
        Reads[notation](ref reader);
    }

    [TestCase("byte", "")]
    [TestCase("short", "00")]
    [TestCase("int", "00 00 00")]
    [TestCase("long", "00 00 00 00 00 00 00")]
    [TestCase("string", "00")]                                  // half a length
    [TestCase("string", "00 05 61 62")]                         // 5 announced, 2 present
    [TestCase("string", "FF FF")]                               // 65535 announced, none present
    [TestCase("long string", "00 00 00 04 61")]
    [TestCase("long string", "7F FF FF FF")]                    // 2 GB announced: no allocation, no overflow
    [TestCase("bytes", "00 00 00 02 01")]
    [TestCase("bytes", "7F FF FF FF 01")]
    [TestCase("short bytes", "00 10 01 02")]
    [TestCase("uuid", "F8 1D 4F AE 7D EC 11 D0 A7 65 00 A0 C9 1E 6B")] // 15 of 16 bytes
    [TestCase("string list", "00 02 00 01 61")]                 // 2 announced, 1 present
    [TestCase("string list", "FF FF")]
    [TestCase("string multimap", "00 01 00 01 6B")]             // key without its list
    [TestCase("string multimap", "00 01 00 01 6B 00 01")]       // list of 1 without its string
    [TestCase("bytes map", "00 01 00 01 6B 00 00 00 05 01")]
    public void Truncated_input_is_a_protocol_error_not_an_index_error(string notation, string bytes)
    {
        var body = Hex(bytes);

        Assert.That(() => ReadFrom(notation, body), Throws.TypeOf<CqlProtocolException>());
    }

    [TestCase("C3 28")]          // a lead byte followed by a non-continuation
    [TestCase("80")]             // a lone continuation byte
    [TestCase("C0 AF")]          // overlong encoding of '/'
    [TestCase("ED A0 80")]       // UTF-16 surrogate U+D800 encoded in UTF-8
    [TestCase("F4 90 80 80")]    // beyond U+10FFFF
    [TestCase("E2 82")]          // sequence cut short
    public void Invalid_utf8_is_a_protocol_error(string utf8)
    {
        var bytes = Hex(utf8);
        var asString = Hex(((ushort)bytes.Length).ToString("X4", System.Globalization.CultureInfo.InvariantCulture), utf8);
        var asLongString = Hex(bytes.Length.ToString("X8", System.Globalization.CultureInfo.InvariantCulture), utf8);

        Assert.That(() => ReadFrom("string", asString), Throws.TypeOf<CqlProtocolException>());
        Assert.That(() => ReadFrom("long string", asLongString), Throws.TypeOf<CqlProtocolException>());
    }
}
