using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.Protocol.Wire;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>The non-RESULT responses of spec §4.2 and the frame flags (§2.2) that put data before any body.</summary>
public class ResponseDecoderTests
{
    private const string Authenticator = "org.apache.cassandra.auth.PasswordAuthenticator"; // 47 bytes

    [Test]
    public void Ready_has_an_empty_body()
    {
        Assert.That(Decode(Opcode.Ready, []), Is.TypeOf<ReadyResponse>());
    }

    [Test]
    public void Authenticate_is_the_authenticator_class_as_a_string()
    {
        var response = Decode(Opcode.Authenticate, Hex("00 2F", Ascii(Authenticator)));

        Assert.That(response, Is.EqualTo(new AuthenticateResponse(Authenticator)));
    }

    [Test]
    public void Auth_success_with_a_null_token()
    {
        var response = Decode(Opcode.AuthSuccess, Hex("FF FF FF FF")); // [bytes] null

        Assert.That(response, Is.TypeOf<AuthSuccessResponse>());
        Assert.That(((AuthSuccessResponse)response).Token, Is.Null);
    }

    [Test]
    public void Auth_success_with_a_token()
    {
        var response = Decode(Opcode.AuthSuccess, Hex("00 00 00 02", "01 02"));

        Assert.That(((AuthSuccessResponse)response).Token, Is.EqualTo(new byte[] { 1, 2 }));
    }

    [Test]
    public void Auth_success_with_an_empty_token_is_not_null()
    {
        var response = Decode(Opcode.AuthSuccess, Hex("00 00 00 00"));

        Assert.That(((AuthSuccessResponse)response).Token, Is.Not.Null.And.Empty);
    }

    [Test]
    public void Auth_challenge_is_a_bytes_token()
    {
        var response = Decode(Opcode.AuthChallenge, Hex("00 00 00 04", "DE AD BE EF"));

        Assert.That(response, Is.TypeOf<AuthChallengeResponse>());
        Assert.That(((AuthChallengeResponse)response).Token, Is.EqualTo(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }));
    }

    [Test]
    public void Supported_is_a_string_multimap()
    {
        var response = Decode(Opcode.Supported, Hex(
            "00 02",                                                      // n = 2
            "00 0B", Ascii("CQL_VERSION"), "00 01", "00 05", Ascii("3.4.5"),
            "00 0B", Ascii("COMPRESSION"), "00 02", "00 06", Ascii("snappy"), "00 03", Ascii("lz4")));

        var options = ((SupportedResponse)response).Options;
        Assert.That(options["CQL_VERSION"], Is.EqualTo(new[] { "3.4.5" }));
        Assert.That(options["COMPRESSION"], Is.EqualTo(new[] { "snappy", "lz4" }));
    }

    [Test]
    public void A_schema_change_event_is_read_by_its_type()
    {
        var body = Hex(
            "00 0D", Ascii("SCHEMA_CHANGE"),
            "00 07", Ascii("CREATED"),
            "00 08", Ascii("KEYSPACE"),
            "00 02", Ascii("ks"));

        var response = ResponseDecoder.Decode(Response(Opcode.Event, body, stream: -1), body);

        Assert.That(response, Is.EqualTo(new EventResponse("SCHEMA_CHANGE")));
    }

    [Test]
    public void A_status_change_event_with_an_inet_is_read_by_its_type()
    {
        var body = Hex(
            "00 0D", Ascii("STATUS_CHANGE"),
            "00 02", Ascii("UP"),
            "04", "7F 00 00 01", "00 00 23 52");  // [inet]: size 4, 127.0.0.1, port 9042

        var response = ResponseDecoder.Decode(Response(Opcode.Event, body, stream: -1), body);

        Assert.That(response, Is.EqualTo(new EventResponse("STATUS_CHANGE")));
    }

    [Test]
    public void A_tracing_id_comes_first_in_the_body()
    {
        var body = Hex(
            "F8 1D 4F AE 7D EC 11 D0 A7 65 00 A0 C9 1E 6B F6", // tracing id [uuid]
            "00 00 00 01");                                    // RESULT kind Void

        Assert.That(Decode(Opcode.Result, body, FrameFlags.Tracing), Is.TypeOf<VoidResult>());
    }

    [Test]
    public void Warnings_are_a_string_list_before_the_body()
    {
        var body = Hex(
            "00 02",                                  // warnings [string list] n = 2
            "00 05", Ascii("hello"),
            "00 05", Ascii("world"),
            "00 00 00 03", "00 02", Ascii("ks"));     // RESULT Set_keyspace "ks"

        Assert.That(Decode(Opcode.Result, body, FrameFlags.Warning), Is.EqualTo(new SetKeyspaceResult("ks")));
    }

    [Test]
    public void A_custom_payload_is_a_bytes_map_before_the_body()
    {
        var body = Hex(
            "00 01",                                  // custom payload [bytes map] n = 1
            "00 01", Ascii("k"), "00 00 00 02 AB CD",
            "00 00 00 03", "00 02", Ascii("ks"));

        Assert.That(Decode(Opcode.Result, body, FrameFlags.CustomPayload), Is.EqualTo(new SetKeyspaceResult("ks")));
    }

    [Test]
    public void Tracing_then_warnings_then_custom_payload_then_the_body()
    {
        // §2.2 puts the tracing id first and the warnings directly after it; the custom payload follows them
        // (the spec gives it no explicit place; Cassandra writes it after the warnings).
        var body = Hex(
            "F8 1D 4F AE 7D EC 11 D0 A7 65 00 A0 C9 1E 6B F6", // tracing id
            "00 01", "00 04", Ascii("warn"),                    // warnings
            "00 01", "00 01", Ascii("p"), "FF FF FF FF",       // custom payload, value null
            "00 00 00 03", "00 03", Ascii("abc"));            // Set_keyspace "abc"

        var response = Decode(Opcode.Result, body, FrameFlags.Tracing | FrameFlags.Warning | FrameFlags.CustomPayload);

        Assert.That(response, Is.EqualTo(new SetKeyspaceResult("abc")));
    }

    [Test]
    public void A_warning_flag_on_an_error_is_read_before_the_error()
    {
        var body = Hex(
            "00 01", "00 01", Ascii("w"),             // warnings
            "00 00 22 00", "00 03", Ascii("bad"));    // ERROR Invalid "bad"

        Assert.That(() => ResponseDecoder.Decode(Response(Opcode.Error, body, FrameFlags.Warning), body),
            Throws.TypeOf<CqlServerException>().With.Property(nameof(CqlServerException.Code)).EqualTo(CqlErrorCode.Invalid));
    }

    [Test]
    public void A_compressed_frame_is_refused_when_no_compression_was_negotiated()
    {
        var body = Hex("00 00 00 01");

        Assert.That(() => Decode(Opcode.Result, body, FrameFlags.Compression), Throws.TypeOf<CqlProtocolException>());
    }

    [Test]
    public void A_request_version_byte_is_not_a_response()
    {
        var body = Hex("00 00 00 01");
        var header = new FrameHeader(FrameHeader.RequestVersion, FrameFlags.None, 0, Opcode.Result, body.Length);

        Assert.That(() => ResponseDecoder.Decode(header, body), Throws.TypeOf<CqlProtocolException>());
    }

    [TestCase(0x03)] // v3 response
    [TestCase(0x85)] // v5 response
    public void Another_protocol_version_is_refused(int version)
    {
        var body = Hex("00 00 00 01");
        var header = new FrameHeader((byte)version, FrameFlags.None, 0, Opcode.Result, body.Length);

        Assert.That(() => ResponseDecoder.Decode(header, body), Throws.TypeOf<CqlProtocolException>());
    }

    [TestCase("Startup")]
    [TestCase("Options")]
    [TestCase("Query")]
    [TestCase("Prepare")]
    [TestCase("Execute")]
    [TestCase("Register")]
    [TestCase("Batch")]
    [TestCase("AuthResponse")]
    public void A_request_opcode_is_not_a_response(string opcode)
    {
        Assert.That(() => Decode(Enum.Parse<Opcode>(opcode), []), Throws.TypeOf<CqlProtocolException>());
    }

    [Test]
    public void Extra_bytes_after_a_known_body_are_ignored()
    {
        // §1: "client libraries should always assume that the body of a given frame may contain more data".
        Assert.That(Decode(Opcode.Result, Hex("00 00 00 01", "01 02 03")), Is.TypeOf<VoidResult>());
        Assert.That(Decode(Opcode.Ready, Hex("00")), Is.TypeOf<ReadyResponse>());
    }
}
