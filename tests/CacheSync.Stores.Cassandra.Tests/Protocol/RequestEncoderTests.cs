using System.Text;
using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.Protocol.Wire;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>The simple request messages of spec §4.1: STARTUP, OPTIONS, AUTH_RESPONSE, REGISTER, PREPARE.</summary>
public class RequestEncoderTests
{
    [Test]
    public void Startup_is_a_string_map_of_options()
    {
        var request = RequestEncoder.Startup([new("CQL_VERSION", "3.0.0")]);

        Assert.That(request.Opcode, Is.EqualTo(Opcode.Startup));
        Assert.That(request.Bytes(), Is.EqualTo(Hex(
            "00 01",                          // [string map] n = 1
            "00 0B", Ascii("CQL_VERSION"),    // key
            "00 05", Ascii("3.0.0"))));       // value: the only CQL version of §4.1.1
        Assert.That(RequestEncoder.CqlVersion, Is.EqualTo("3.0.0"));
    }

    [Test]
    public void Startup_with_two_options_writes_both_pairs_in_order()
    {
        var request = RequestEncoder.Startup([new("CQL_VERSION", "3.0.0"), new("DRIVER_NAME", "CacheSync")]);

        Assert.That(request.Bytes(), Is.EqualTo(Hex(
            "00 02",
            "00 0B", Ascii("CQL_VERSION"), "00 05", Ascii("3.0.0"),
            "00 0B", Ascii("DRIVER_NAME"), "00 09", Ascii("CacheSync"))));
    }

    [Test]
    public void Options_has_an_empty_body()
    {
        var request = RequestEncoder.Options();

        Assert.That(request.Opcode, Is.EqualTo(Opcode.Options));
        Assert.That(request.Bytes(), Is.Empty);
    }

    [Test]
    public void Auth_response_carries_the_sasl_plain_token_as_bytes()
    {
        var token = Encoding.UTF8.GetBytes("\0user\0password");

        var request = RequestEncoder.AuthResponse(token);

        Assert.That(request.Opcode, Is.EqualTo(Opcode.AuthResponse));
        Assert.That(request.Bytes(), Is.EqualTo(Hex(
            "00 00 00 0E",                    // [bytes] n = 14
            "00", Ascii("user"),              // authzid (empty) NUL authcid
            "00", Ascii("password"))));       // NUL passwd
    }

    [Test]
    public void Auth_response_with_a_null_token_is_length_minus_one()
    {
        Assert.That(RequestEncoder.AuthResponse(null).Bytes(), Is.EqualTo(Hex("FF FF FF FF")));
    }

    [Test]
    public void Auth_response_with_an_empty_token_is_length_zero()
    {
        Assert.That(RequestEncoder.AuthResponse([]).Bytes(), Is.EqualTo(Hex("00 00 00 00")));
    }

    [Test]
    public void Register_is_a_string_list_of_event_types()
    {
        var request = RequestEncoder.Register(["TOPOLOGY_CHANGE", "STATUS_CHANGE", "SCHEMA_CHANGE"]);

        Assert.That(request.Opcode, Is.EqualTo(Opcode.Register));
        Assert.That(request.Bytes(), Is.EqualTo(Hex(
            "00 03",                                  // [string list] n = 3
            "00 0F", Ascii("TOPOLOGY_CHANGE"),
            "00 0D", Ascii("STATUS_CHANGE"),
            "00 0D", Ascii("SCHEMA_CHANGE"))));
    }

    [Test]
    public void Prepare_is_the_query_as_a_long_string()
    {
        var request = RequestEncoder.Prepare("SELECT v FROM t WHERE k = ?");

        Assert.That(request.Opcode, Is.EqualTo(Opcode.Prepare));
        Assert.That(request.Bytes(), Is.EqualTo(Hex(
            "00 00 00 1B",                            // [long string] n = 27
            Ascii("SELECT v FROM t WHERE k = ?"))));
    }

    [Test]
    public void Prepare_counts_utf8_bytes()
    {
        Assert.That(RequestEncoder.Prepare("SELECT 'é'").Bytes(), Is.EqualTo(Hex(
            "00 00 00 0B",                            // 10 characters, 11 bytes
            Ascii("SELECT '"), "C3 A9", Ascii("'"))));
    }
}
