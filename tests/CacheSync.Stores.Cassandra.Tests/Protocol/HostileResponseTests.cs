using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.Protocol.Wire;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>Responses that lie about their sizes or types: each must be a <see cref="CqlProtocolException"/>, cheaply.</summary>
public class HostileResponseTests
{
    /// <summary>Decoding must fail with a protocol error, and must not allocate for the count it was told.</summary>
    private static void AssertRefusedCheaply(params string[] body)
    {
        var bytes = Hex(body);
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.That(() => Decode(Opcode.Result, bytes), Throws.TypeOf<CqlProtocolException>());

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.LessThan(1024 * 1024), "bytes allocated while refusing the frame");
    }

    [Test]
    public void A_rows_count_larger_than_the_body()
    {
        AssertRefusedCheaply(
            "00 00 00 02", "00 00 00 01", "00 00 00 01",
            "00 02", Ascii("ks"), "00 01", Ascii("t"), "00 01", Ascii("k"), "00 09",
            "7F FF FF FF",                    // <rows_count> = 2^31 - 1
            "00 00 00 04 00 00 00 01");       // one cell
    }

    [Test]
    public void A_negative_rows_count()
    {
        AssertRefusedCheaply(
            "00 00 00 02", "00 00 00 01", "00 00 00 01",
            "00 02", Ascii("ks"), "00 01", Ascii("t"), "00 01", Ascii("k"), "00 09",
            "FF FF FF FF");
    }

    [Test]
    public void A_column_count_larger_than_the_body()
    {
        AssertRefusedCheaply(
            "00 00 00 02",
            "00 00 00 01",
            "7F FF FF FF",                    // <columns_count> = 2^31 - 1
            "00 02", Ascii("ks"), "00 01", Ascii("t"), "00 01", Ascii("k"), "00 09");
    }

    [Test]
    public void A_negative_column_count()
    {
        AssertRefusedCheaply("00 00 00 02", "00 00 00 01", "80 00 00 00", "00 00 00 00");
    }

    [Test]
    public void A_prepared_pk_count_larger_than_the_body()
    {
        AssertRefusedCheaply(
            "00 00 00 04", "00 01 AA",
            "00 00 00 01", "00 00 00 01",
            "7F FF FF FF",                    // <pk_count>
            "00 00");
    }

    [Test]
    public void A_cell_longer_than_the_body()
    {
        AssertRefusedCheaply(
            "00 00 00 02", "00 00 00 01", "00 00 00 01",
            "00 02", Ascii("ks"), "00 01", Ascii("t"), "00 01", Ascii("k"), "00 03",
            "00 00 00 01",
            "7F FF FF FF", "00");             // a [bytes] cell of 2 GB
    }

    [Test]
    public void A_truncated_rows_result()
    {
        AssertRefusedCheaply(
            "00 00 00 02", "00 00 00 01", "00 00 00 02",
            "00 02", Ascii("ks"), "00 01", Ascii("t"), "00 01", Ascii("k"), "00 09"); // second column spec missing
    }

    [TestCase("00 00 00 00")]
    [TestCase("00 00 00 06")]
    [TestCase("FF FF FF FF")]
    public void An_unknown_result_kind(string kind)
    {
        AssertRefusedCheaply(kind);
    }

    [Test]
    public void A_result_without_its_kind()
    {
        AssertRefusedCheaply("00 00");
    }

    [TestCase("00 0A")] // 0x000A is not a v4 type id (it was "text" in v1)
    [TestCase("00 15")] // duration is v5
    [TestCase("00 FF")]
    [TestCase("FF FF")]
    public void An_unknown_type_id(string type)
    {
        AssertRefusedCheaply(
            "00 00 00 02", "00 00 00 01", "00 00 00 01",
            "00 02", Ascii("ks"), "00 01", Ascii("t"), "00 01", Ascii("k"), type,
            "00 00 00 00");
    }

    private static string NestedLists(int depth) => string.Concat(Enumerable.Repeat("00 20 ", depth)) + "00 09"; // list<…list<int>…>

    [Test]
    public void A_type_nested_40_levels_deep()
    {
        AssertRefusedCheaply(
            "00 00 00 02", "00 00 00 01", "00 00 00 01",
            "00 02", Ascii("ks"), "00 01", Ascii("t"), "00 01", Ascii("k"), NestedLists(40),
            "00 00 00 00");
    }

    [Test]
    public void A_type_nested_a_few_levels_is_fine()
    {
        var rows = (RowsResult)Decode(Opcode.Result, Hex(
            "00 00 00 02", "00 00 00 01", "00 00 00 01",
            "00 02", Ascii("ks"), "00 01", Ascii("t"), "00 01", Ascii("k"),
            "00 21", "00 0D", "00 20", "00 22", "00 09",   // map<varchar, list<set<int>>>
            "00 00 00 00"));

        var type = rows.Metadata.Columns.Single().Type;
        Assert.That(type.Code, Is.EqualTo(CqlTypeCode.Map));
        Assert.That(type.Elements[0].Code, Is.EqualTo(CqlTypeCode.Varchar));
        Assert.That(type.Elements[1].Code, Is.EqualTo(CqlTypeCode.List));
        Assert.That(type.Elements[1].Elements[0].Code, Is.EqualTo(CqlTypeCode.Set));
        Assert.That(type.Elements[1].Elements[0].Elements[0].Code, Is.EqualTo(CqlTypeCode.Int));
    }

    [Test]
    public void A_udt_and_a_tuple_and_a_custom_type_are_parsed()
    {
        var rows = (RowsResult)Decode(Opcode.Result, Hex(
            "00 00 00 02", "00 00 00 01", "00 00 00 03",
            "00 02", Ascii("ks"), "00 01", Ascii("t"),
            "00 01", Ascii("a"),
            "00 30", "00 02", Ascii("ks"), "00 04", Ascii("addr"),  // UDT ks.addr
            "00 02",                                                // 2 fields
            "00 06", Ascii("street"), "00 0D",                      //   street varchar
            "00 03", Ascii("zip"), "00 09",                         //   zip int
            "00 01", Ascii("b"),
            "00 31", "00 02", "00 09", "00 0D",                     // tuple<int, varchar>
            "00 01", Ascii("c"),
            "00 00", "00 03", Ascii("x.Y"),                         // custom 'x.Y'
            "00 00 00 00"));

        var columns = rows.Metadata.Columns;
        Assert.That(columns[0].Type.Code, Is.EqualTo(CqlTypeCode.Udt));
        Assert.That(columns[0].Type.CustomName, Is.EqualTo("ks.addr"));
        Assert.That(columns[0].Type.Elements.Select(e => e.Code), Is.EqualTo(new[] { CqlTypeCode.Varchar, CqlTypeCode.Int }));
        Assert.That(columns[1].Type.Elements.Select(e => e.Code), Is.EqualTo(new[] { CqlTypeCode.Int, CqlTypeCode.Varchar }));
        Assert.That(columns[2].Type.CustomName, Is.EqualTo("x.Y"));
    }

    [Test]
    public void A_udt_with_more_fields_than_the_body()
    {
        AssertRefusedCheaply(
            "00 00 00 02", "00 00 00 01", "00 00 00 01",
            "00 02", Ascii("ks"), "00 01", Ascii("t"), "00 01", Ascii("a"),
            "00 30", "00 02", Ascii("ks"), "00 01", Ascii("u"),
            "FF FF");                                               // 65535 fields, none present
    }

    [Test]
    public void A_warning_list_longer_than_the_body()
    {
        var body = Hex("FF FF", "00 01 61");

        Assert.That(() => Decode(Opcode.Result, body, FrameFlags.Warning), Throws.TypeOf<CqlProtocolException>());
    }

    [Test]
    public void A_supported_multimap_longer_than_the_body()
    {
        Assert.That(() => Decode(Opcode.Supported, Hex("FF FF", "00 01 61")), Throws.TypeOf<CqlProtocolException>());
    }
}
