using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>Edge cases of spec §6 found in review: empty values, ascii's range, timestamps past year 9999, bracketed IPv6 contact points.</summary>
public class CodecEdgeCaseTests
{
    [TestCase(CqlTypeCode.Int)]
    [TestCase(CqlTypeCode.Bigint)]
    [TestCase(CqlTypeCode.Boolean)]
    [TestCase(CqlTypeCode.Uuid)]
    [TestCase(CqlTypeCode.Timestamp)]
    public void An_empty_value_of_a_fixed_size_type_reads_as_no_value(CqlTypeCode code)
    {
        Assert.That(CqlValueCodec.Deserialize([], CqlType.Of(code)), Is.Null);
    }

    [Test]
    public void An_empty_text_or_blob_stays_empty()
    {
        Assert.That(CqlValueCodec.Deserialize([], CqlType.Of(CqlTypeCode.Varchar)), Is.EqualTo(string.Empty));
        Assert.That(CqlValueCodec.Deserialize([], CqlType.Of(CqlTypeCode.Blob)), Is.EqualTo(Array.Empty<byte>()));
    }

    [Test]
    public void Ascii_refuses_characters_beyond_127()
    {
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize("é", CqlType.Of(CqlTypeCode.Ascii)));
        Assert.That(CqlValueCodec.Serialize("ok", CqlType.Of(CqlTypeCode.Ascii)).Bytes.ToArray(), Is.EqualTo(new byte[] { 0x6F, 0x6B }));
    }

    [Test]
    public void A_timestamp_beyond_what_dotnet_can_hold_is_a_protocol_error_not_a_crash()
    {
        byte[] max = [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        Assert.Throws<CqlProtocolException>(() => CqlValueCodec.Deserialize(max, CqlType.Of(CqlTypeCode.Timestamp)));
    }

    [TestCase("[::1]::9042")]
    [TestCase("[::1]9042")]
    public void A_bracketed_address_takes_exactly_one_colon_before_its_port(string point)
    {
        Assert.Throws<FormatException>(() => CqlSession.ParseContactPoint(point, 9042));
    }
}
