using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.Protocol.Wire;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>
/// QUERY (§4.1.4) and EXECUTE (§4.1.6): <c>&lt;query|id&gt;&lt;consistency&gt;&lt;flags&gt;[&lt;n&gt;&lt;value_i&gt;…][&lt;result_page_size&gt;][&lt;paging_state&gt;][&lt;serial_consistency&gt;][&lt;timestamp&gt;]</c>.
/// </summary>
public class QueryParametersTests
{
    private const string Select = "SELECT * FROM t";       // 15 bytes
    private const string SelectBytes = "00 00 00 0F";       // [long string] n = 15

    private static byte[] Query(QueryParameters parameters) => RequestEncoder.Query(Select, parameters).Bytes();

    [Test]
    public void A_query_without_options_is_query_consistency_and_zero_flags()
    {
        var request = RequestEncoder.Query(Select, new QueryParameters(Consistency.One));

        Assert.That(request.Opcode, Is.EqualTo(Opcode.Query));
        Assert.That(request.Bytes(), Is.EqualTo(Hex(
            SelectBytes, Ascii(Select),   // <query> [long string]
            "00 01",                      // <consistency> ONE
            "00")));                      // <flags>: none
    }

    [TestCase("Any", "00 00")]
    [TestCase("One", "00 01")]
    [TestCase("Two", "00 02")]
    [TestCase("Three", "00 03")]
    [TestCase("Quorum", "00 04")]
    [TestCase("All", "00 05")]
    [TestCase("LocalQuorum", "00 06")]
    [TestCase("EachQuorum", "00 07")]
    [TestCase("Serial", "00 08")]
    [TestCase("LocalSerial", "00 09")]
    [TestCase("LocalOne", "00 0A")]
    public void Consistency_is_the_short_of_section_3(string level, string expected)
    {
        var consistency = Enum.Parse<Consistency>(level);

        Assert.That(Query(new QueryParameters(consistency)), Is.EqualTo(Hex(SelectBytes, Ascii(Select), expected, "00")));
    }

    [Test]
    public void Values_set_flag_0x01_and_follow_as_a_short_count_of_values()
    {
        var parameters = new QueryParameters(Consistency.LocalQuorum, Values: [CqlValue.Of([0x2A]), CqlValue.Null, CqlValue.NotSet]);

        Assert.That(Query(parameters), Is.EqualTo(Hex(
            SelectBytes, Ascii(Select),
            "00 06",                  // LOCAL_QUORUM
            "01",                     // flags: Values
            "00 03",                  // <n> = 3
            "00 00 00 01 2A",         // [value] 0x2A
            "FF FF FF FF",            // [value] null
            "FF FF FF FE")));         // [value] not set
    }

    [Test]
    public void Page_size_sets_flag_0x04_and_is_an_int()
    {
        Assert.That(Query(new QueryParameters(Consistency.One, PageSize: 5000)), Is.EqualTo(Hex(
            SelectBytes, Ascii(Select),
            "00 01",                  // ONE
            "04",                     // flags: Page_size
            "00 00 13 88")));         // <result_page_size> 5000
    }

    [Test]
    public void Paging_state_sets_flag_0x08_and_is_bytes()
    {
        Assert.That(Query(new QueryParameters(Consistency.One, PagingState: [0xAB, 0xCD, 0xEF])), Is.EqualTo(Hex(
            SelectBytes, Ascii(Select),
            "00 01",
            "08",                     // flags: With_paging_state
            "00 00 00 03 AB CD EF"))); // <paging_state> [bytes]
    }

    [Test]
    public void Serial_consistency_sets_flag_0x10_and_is_a_consistency()
    {
        Assert.That(Query(new QueryParameters(Consistency.Quorum, SerialConsistency: Consistency.LocalSerial)), Is.EqualTo(Hex(
            SelectBytes, Ascii(Select),
            "00 04",                  // QUORUM
            "10",                     // flags: With serial consistency
            "00 09")));               // <serial_consistency> LOCAL_SERIAL
    }

    [Test]
    public void Default_timestamp_sets_flag_0x20_and_is_a_long_of_microseconds()
    {
        Assert.That(Query(new QueryParameters(Consistency.One, Timestamp: 1_700_000_000_000_000)), Is.EqualTo(Hex(
            SelectBytes, Ascii(Select),
            "00 01",
            "20",                         // flags: With default timestamp
            "00 06 0A 24 18 1E 40 00"))); // <timestamp> 1 700 000 000 000 000 µs
    }

    [Test]
    public void All_options_together_come_in_the_order_of_the_spec()
    {
        var parameters = new QueryParameters(
            Consistency.LocalOne,
            Values: [CqlValue.Of([0x01, 0x02])],
            PageSize: 100,
            PagingState: [0xFE],
            SerialConsistency: Consistency.Serial,
            Timestamp: 1);

        Assert.That(Query(parameters), Is.EqualTo(Hex(
            SelectBytes, Ascii(Select),
            "00 0A",                      // <consistency> LOCAL_ONE
            "3D",                         // <flags> 0x01 | 0x04 | 0x08 | 0x10 | 0x20
            "00 01", "00 00 00 02 01 02", // <n> = 1, [value] 01 02
            "00 00 00 64",                // <result_page_size> 100
            "00 00 00 01 FE",             // <paging_state>
            "00 08",                      // <serial_consistency> SERIAL
            "00 00 00 00 00 00 00 01"))); // <timestamp> 1
    }

    [Test]
    public void Page_size_and_timestamp_without_the_fields_between_them()
    {
        Assert.That(Query(new QueryParameters(Consistency.One, PageSize: 1, Timestamp: long.MaxValue)), Is.EqualTo(Hex(
            SelectBytes, Ascii(Select),
            "00 01",
            "24",                         // 0x04 | 0x20
            "00 00 00 01",                // <result_page_size>
            "7F FF FF FF FF FF FF FF"))); // <timestamp> long.MaxValue
    }

    [Test]
    public void Values_and_serial_consistency_skip_the_paging_fields()
    {
        Assert.That(Query(new QueryParameters(Consistency.One, Values: [CqlValue.Null], SerialConsistency: Consistency.Serial)), Is.EqualTo(Hex(
            SelectBytes, Ascii(Select),
            "00 01",
            "11",                         // 0x01 | 0x10
            "00 01", "FF FF FF FF",       // one null value
            "00 08")));                   // SERIAL
    }

    [Test]
    public void Execute_is_the_id_as_short_bytes_then_the_parameters()
    {
        byte[] id = [0x5F, 0x0E, 0x1D, 0x3A, 0x9B, 0x44, 0x21, 0x08, 0x71, 0x66, 0xA2, 0xC0, 0x00, 0xFF, 0x10, 0x01];
        var parameters = new QueryParameters(
            Consistency.LocalQuorum,
            Values: [CqlValue.Of([0x61]), CqlValue.Of([0, 0, 0, 0, 0, 0, 0, 7])],
            Timestamp: 1_700_000_000_000_000);

        var request = RequestEncoder.Execute(id, parameters);

        Assert.That(request.Opcode, Is.EqualTo(Opcode.Execute));
        Assert.That(request.Bytes(), Is.EqualTo(Hex(
            "00 10",                                              // <id> [short bytes] n = 16
            "5F 0E 1D 3A 9B 44 21 08 71 66 A2 C0 00 FF 10 01",
            "00 06",                                              // LOCAL_QUORUM
            "21",                                                 // Values | default timestamp
            "00 02",                                              // <n> = 2
            "00 00 00 01 61",                                     // "a"
            "00 00 00 08 00 00 00 00 00 00 00 07",                // bigint 7
            "00 06 0A 24 18 1E 40 00")));                         // <timestamp>
    }

    [Test]
    public void Execute_without_values_has_zero_flags()
    {
        Assert.That(RequestEncoder.Execute([0xCA, 0xFE], new QueryParameters(Consistency.One)).Bytes(), Is.EqualTo(Hex(
            "00 02 CA FE",  // <id>
            "00 01",        // ONE
            "00")));        // no flags
    }
}
