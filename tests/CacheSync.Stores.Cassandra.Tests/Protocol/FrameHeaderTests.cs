using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.Protocol.Wire;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>Spec §1 and §2: version, flags, stream ([short], signed), opcode, length ([int]); 9 bytes, big-endian.</summary>
public class FrameHeaderTests
{
    [Test]
    public void A_request_header_is_version_flags_stream_opcode_length()
    {
        var header = new FrameHeader(FrameHeader.RequestVersion, FrameFlags.None, 1, Opcode.Startup, 22);
        var bytes = new byte[FrameHeader.Size];

        header.WriteTo(bytes);

        Assert.That(bytes, Is.EqualTo(Hex(
            "04",          // version: request, protocol v4 (§2.1)
            "00",          // flags: none
            "00 01",       // stream 1
            "01",          // opcode STARTUP (§2.4)
            "00 00 00 16"))); // length 22
        Assert.That(FrameHeader.Size, Is.EqualTo(9));
    }

    [Test]
    public void A_response_header_with_flags_and_stream_is_read()
    {
        var header = FrameHeader.Read(Hex(
            "84",          // version: response, v4
            "0A",          // flags: tracing 0x02 | warning 0x08
            "12 34",       // stream 0x1234
            "08",          // opcode RESULT
            "00 01 00 00")); // length 65536

        Assert.That(header.Version, Is.EqualTo(0x84));
        Assert.That(header.IsResponse, Is.True);
        Assert.That(header.Flags, Is.EqualTo(FrameFlags.Tracing | FrameFlags.Warning));
        Assert.That(header.Stream, Is.EqualTo(0x1234));
        Assert.That(header.Opcode, Is.EqualTo(Opcode.Result));
        Assert.That(header.BodyLength, Is.EqualTo(65536));
    }

    [Test]
    public void An_event_has_stream_minus_one_as_ff_ff()
    {
        var header = FrameHeader.Read(Hex("84 00 FF FF 0C 00 00 00 00")); // EVENT on stream -1 (§2.3, §4.2.6)

        Assert.That(header.Stream, Is.EqualTo(-1));
        Assert.That(header.Opcode, Is.EqualTo(Opcode.Event));

        var written = new byte[FrameHeader.Size];
        header.WriteTo(written);
        Assert.That(written, Is.EqualTo(Hex("84 00 FF FF 0C 00 00 00 00")));
    }

    [TestCase((short)0, "00 00")]
    [TestCase((short)32767, "7F FF")]
    [TestCase((short)-32768, "80 00")]
    [TestCase((short)-2, "FF FE")]
    public void The_stream_id_is_a_signed_big_endian_short(short stream, string expected)
    {
        var bytes = new byte[FrameHeader.Size];
        new FrameHeader(FrameHeader.RequestVersion, FrameFlags.None, stream, Opcode.Query, 0).WriteTo(bytes);

        Assert.That(bytes[2..4], Is.EqualTo(Hex(expected)));
        Assert.That(FrameHeader.Read(bytes).Stream, Is.EqualTo(stream));
    }

    [TestCase("Compression", 0x01)]
    [TestCase("Tracing", 0x02)]
    [TestCase("CustomPayload", 0x04)]
    [TestCase("Warning", 0x08)]
    public void Flags_have_the_masks_of_section_2_2(string name, int mask)
    {
        var flag = Enum.Parse<FrameFlags>(name);
        var bytes = new byte[FrameHeader.Size];
        new FrameHeader(FrameHeader.RequestVersion, flag, 0, Opcode.Query, 0).WriteTo(bytes);

        Assert.That(bytes[1], Is.EqualTo(mask));
    }

    [TestCase("Error", 0x00)]
    [TestCase("Startup", 0x01)]
    [TestCase("Ready", 0x02)]
    [TestCase("Authenticate", 0x03)]
    [TestCase("Options", 0x05)]
    [TestCase("Supported", 0x06)]
    [TestCase("Query", 0x07)]
    [TestCase("Result", 0x08)]
    [TestCase("Prepare", 0x09)]
    [TestCase("Execute", 0x0A)]
    [TestCase("Register", 0x0B)]
    [TestCase("Event", 0x0C)]
    [TestCase("Batch", 0x0D)]
    [TestCase("AuthChallenge", 0x0E)]
    [TestCase("AuthResponse", 0x0F)]
    [TestCase("AuthSuccess", 0x10)]
    public void Opcodes_have_the_values_of_section_2_4(string name, int value)
    {
        var opcode = Enum.Parse<Opcode>(name);
        var bytes = new byte[FrameHeader.Size];
        new FrameHeader(FrameHeader.RequestVersion, FrameFlags.None, 0, opcode, 0).WriteTo(bytes);

        Assert.That(bytes[4], Is.EqualTo(value));
    }

    [Test]
    public void A_body_of_exactly_256_MB_is_accepted()
    {
        var header = FrameHeader.Read(Hex("84 00 00 00 08", "10 00 00 00")); // length 0x10000000 = 256 MiB

        Assert.That(header.BodyLength, Is.EqualTo(256 * 1024 * 1024));
    }

    [TestCase("10 00 00 01")] // 256 MiB + 1
    [TestCase("7F FF FF FF")] // int.MaxValue
    [TestCase("FF FF FF FF")] // -1: a length is never negative
    [TestCase("80 00 00 00")] // int.MinValue
    public void A_body_length_beyond_256_MB_or_negative_is_refused(string length)
    {
        Assert.That(() => FrameHeader.Read(Hex("84 00 00 00 08", length)), Throws.TypeOf<CqlProtocolException>());
    }

    [TestCase("")]
    [TestCase("84")]
    [TestCase("84 00 00 00 08 00 00 00")] // 8 of the 9 bytes
    public void A_short_header_is_refused(string bytes)
    {
        Assert.That(() => FrameHeader.Read(Hex(bytes)), Throws.TypeOf<CqlProtocolException>());
    }

    [Test]
    public void The_request_and_response_versions_are_0x04_and_0x84()
    {
        Assert.That(FrameHeader.RequestVersion, Is.EqualTo(0x04));
        Assert.That(FrameHeader.ResponseVersion, Is.EqualTo(0x84));
        Assert.That(FrameHeader.Read(Hex("04 00 00 00 07 00 00 00 00")).IsResponse, Is.False);
    }
}
