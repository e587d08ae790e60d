using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.Protocol.Wire;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>
/// BATCH (§4.1.7): <c>&lt;type&gt;&lt;n&gt;&lt;query_1&gt;…&lt;query_n&gt;&lt;consistency&gt;&lt;flags&gt;[&lt;serial_consistency&gt;][&lt;timestamp&gt;]</c>,
/// each query <c>&lt;kind&gt;&lt;string_or_id&gt;&lt;n&gt;&lt;value_1&gt;…&lt;value_n&gt;</c>.
/// </summary>
public class BatchEncodingTests
{
    private static readonly PreparedStatement Upsert =
        new("INSERT INTO t (k, v) VALUES (?, ?)", [0xCA, 0xFE], ResultMetadata.Empty, ResultMetadata.Empty);

    private const string Delete = "DELETE FROM t WHERE k = ?"; // 25 bytes

    private static BatchEntry[] Entries() =>
    [
        BatchEntry.Of(Upsert, [CqlValue.Of([0x61]), CqlValue.Null]),
        BatchEntry.Of(Delete, [CqlValue.Of([0x62])]),
    ];

    private static readonly string[] EntryBytes =
    [
        "00 02",                                  // <n> = 2 queries
        "01",                                     // query 1 <kind> = 1: prepared
        "00 02 CA FE",                            //   <id> [short bytes]
        "00 02",                                  //   <n> = 2 values
        "00 00 00 01 61",                         //   [value] "a"
        "FF FF FF FF",                            //   [value] null
        "00",                                     // query 2 <kind> = 0: query string
        "00 00 00 19", Ascii(Delete),             //   [long string] n = 25
        "00 01",                                  //   <n> = 1 value
        "00 00 00 01 62",                         //   [value] "b"
    ];

    [Test]
    public void A_logged_batch_with_serial_consistency_and_timestamp()
    {
        var request = RequestEncoder.Batch(BatchType.Logged, Entries(), Consistency.LocalQuorum, Consistency.LocalSerial, 1_700_000_000_000_000);

        Assert.That(request.Opcode, Is.EqualTo(Opcode.Batch));
        Assert.That(request.Bytes(), Is.EqualTo(Hex([
            "00",                         // <type> 0: logged
            .. EntryBytes,
            "00 06",                      // <consistency> LOCAL_QUORUM
            "30",                         // <flags> 0x10 serial consistency | 0x20 timestamp
            "00 09",                      // <serial_consistency> LOCAL_SERIAL
            "00 06 0A 24 18 1E 40 00",    // <timestamp> 1 700 000 000 000 000 µs
        ])));
    }

    [Test]
    public void An_unlogged_batch_without_options_ends_with_zero_flags()
    {
        var request = RequestEncoder.Batch(BatchType.Unlogged, Entries(), Consistency.One, null, null);

        Assert.That(request.Bytes(), Is.EqualTo(Hex([
            "01",                         // <type> 1: unlogged
            .. EntryBytes,
            "00 01",                      // <consistency> ONE
            "00",                         // <flags>: none
        ])));
    }

    [Test]
    public void Only_the_timestamp_flag()
    {
        var request = RequestEncoder.Batch(BatchType.Logged, [BatchEntry.Of(Upsert, [])], Consistency.One, null, 2);

        Assert.That(request.Bytes(), Is.EqualTo(Hex(
            "00",                         // logged
            "00 01",                      // 1 query
            "01 00 02 CA FE 00 00",       // prepared, id CAFE, 0 values
            "00 01",                      // ONE
            "20",                         // timestamp only
            "00 00 00 00 00 00 00 02")));
    }

    [Test]
    public void Only_the_serial_consistency_flag()
    {
        var request = RequestEncoder.Batch(BatchType.Logged, [BatchEntry.Of(Upsert, [])], Consistency.Quorum, Consistency.Serial, null);

        Assert.That(request.Bytes(), Is.EqualTo(Hex(
            "00",
            "00 01",
            "01 00 02 CA FE 00 00",
            "00 04",                      // QUORUM
            "10",                         // serial consistency only
            "00 08")));                   // SERIAL
    }

    [Test]
    public void A_counter_batch_is_type_2()
    {
        var request = RequestEncoder.Batch(BatchType.Counter, [], Consistency.One, null, null);

        Assert.That(request.Bytes(), Is.EqualTo(Hex("02", "00 00", "00 01", "00")));
    }
}
