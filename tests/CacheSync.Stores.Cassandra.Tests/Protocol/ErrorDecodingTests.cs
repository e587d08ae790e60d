using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.Protocol.Wire;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>ERROR (§4.2.1, §9): an [int] code, a [string] message, then code-specific fields.</summary>
public class ErrorDecodingTests
{
    private const string Message = "00 03 6D 73 67"; // [string] "msg"

    [Test]
    public void Unavailable_is_consistency_required_alive()
    {
        var error = DecodeError(Hex(
            "00 00 10 00", Message,   // 0x1000 Unavailable
            "00 04",                  // <cl> QUORUM
            "00 00 00 03",            // <required> 3
            "00 00 00 01"));          // <alive> 1

        Assert.That(error.Code, Is.EqualTo(CqlErrorCode.Unavailable));
        Assert.That(error.ServerMessage, Is.EqualTo("msg"));
        Assert.That(error.Consistency, Is.EqualTo(Consistency.Quorum));
        Assert.That(error.Required, Is.EqualTo(3));
        Assert.That(error.Received, Is.EqualTo(1), "alive");
    }

    [Test]
    public void Write_timeout_is_consistency_received_blockfor_write_type()
    {
        var error = DecodeError(Hex(
            "00 00 11 00", Message,   // 0x1100 Write_timeout
            "00 06",                  // <cl> LOCAL_QUORUM
            "00 00 00 01",            // <received> 1
            "00 00 00 02",            // <blockfor> 2
            "00 09", Ascii("BATCH_LOG"))); // <writeType>

        Assert.That(error.Code, Is.EqualTo(CqlErrorCode.WriteTimeout));
        Assert.That(error.Consistency, Is.EqualTo(Consistency.LocalQuorum));
        Assert.That(error.Received, Is.EqualTo(1));
        Assert.That(error.Required, Is.EqualTo(2));
        Assert.That(error.WriteType, Is.EqualTo("BATCH_LOG"));
    }

    [TestCase("00", false)]
    [TestCase("01", true)]
    [TestCase("7F", true)] // "Otherwise, the value is != 0"
    public void Read_timeout_is_consistency_received_blockfor_data_present(string dataPresent, bool expected)
    {
        var error = DecodeError(Hex(
            "00 00 12 00", Message,   // 0x1200 Read_timeout
            "00 01",                  // <cl> ONE
            "00 00 00 00",            // <received> 0
            "00 00 00 01",            // <blockfor> 1
            dataPresent));            // <data_present> byte

        Assert.That(error.Code, Is.EqualTo(CqlErrorCode.ReadTimeout));
        Assert.That(error.Consistency, Is.EqualTo(Consistency.One));
        Assert.That(error.Received, Is.Zero);
        Assert.That(error.Required, Is.EqualTo(1));
        Assert.That(error.DataPresent, Is.EqualTo(expected));
    }

    [Test]
    public void Read_failure_is_consistency_received_blockfor_numfailures_data_present()
    {
        var error = DecodeError(Hex(
            "00 00 13 00", Message,   // 0x1300 Read_failure
            "00 05",                  // <cl> ALL
            "00 00 00 02",            // <received> 2
            "00 00 00 03",            // <blockfor> 3
            "00 00 00 01",            // <numfailures> 1
            "01"));                   // <data_present>

        Assert.That(error.Code, Is.EqualTo(CqlErrorCode.ReadFailure));
        Assert.That(error.Consistency, Is.EqualTo(Consistency.All));
        Assert.That(error.Received, Is.EqualTo(2));
        Assert.That(error.Required, Is.EqualTo(3));
        Assert.That(error.Failures, Is.EqualTo(1));
        Assert.That(error.DataPresent, Is.True);
    }

    [Test]
    public void Write_failure_is_consistency_received_blockfor_numfailures_write_type()
    {
        var error = DecodeError(Hex(
            "00 00 15 00", Message,   // 0x1500 Write_failure
            "00 04",                  // <cl> QUORUM
            "00 00 00 01",            // <received> 1
            "00 00 00 02",            // <blockfor> 2
            "00 00 00 01",            // <numfailures> 1
            "00 06", Ascii("SIMPLE"))); // <write_type>

        Assert.That(error.Code, Is.EqualTo(CqlErrorCode.WriteFailure));
        Assert.That(error.Consistency, Is.EqualTo(Consistency.Quorum));
        Assert.That(error.Received, Is.EqualTo(1));
        Assert.That(error.Required, Is.EqualTo(2));
        Assert.That(error.Failures, Is.EqualTo(1));
        Assert.That(error.WriteType, Is.EqualTo("SIMPLE"));
    }

    [Test]
    public void Function_failure_is_keyspace_function_and_argument_types()
    {
        var error = DecodeError(Hex(
            "00 00 14 00", Message,   // 0x1400 Function_failure
            "00 02", Ascii("ks"),     // <keyspace>
            "00 03", Ascii("fun"),    // <function>
            "00 02", "00 03", Ascii("int"), "00 04", Ascii("text"))); // <arg_types> [string list]

        Assert.That(error.Code, Is.EqualTo(CqlErrorCode.FunctionFailure));
        Assert.That(error.Keyspace, Is.EqualTo("ks"));
        Assert.That(error.Table, Is.EqualTo("fun"), "the function name is exposed through Table");
    }

    [Test]
    public void Already_exists_for_a_table_is_keyspace_and_table()
    {
        var error = DecodeError(Hex(
            "00 00 24 00", Message,   // 0x2400 Already_exists
            "00 02", Ascii("ks"),     // <ks>
            "00 05", Ascii("users"))); // <table>

        Assert.That(error.Code, Is.EqualTo(CqlErrorCode.AlreadyExists));
        Assert.That(error.Keyspace, Is.EqualTo("ks"));
        Assert.That(error.Table, Is.EqualTo("users"));
    }

    [Test]
    public void Already_exists_for_a_keyspace_has_an_empty_table()
    {
        var error = DecodeError(Hex("00 00 24 00", Message, "00 02", Ascii("ks"), "00 00"));

        Assert.That(error.Keyspace, Is.EqualTo("ks"));
        Assert.That(error.Table, Is.Empty);
    }

    [Test]
    public void Unprepared_carries_the_unknown_id_as_short_bytes()
    {
        var error = DecodeError(Hex(
            "00 00 25 00", Message,   // 0x2500 Unprepared
            "00 03", "CA FE 01"));    // [short bytes] id

        Assert.That(error.Code, Is.EqualTo(CqlErrorCode.Unprepared));
        Assert.That(error.UnpreparedId, Is.EqualTo(new byte[] { 0xCA, 0xFE, 0x01 }));
    }

    [TestCase("00 00 00 00", "ServerError")]
    [TestCase("00 00 00 0A", "ProtocolError")]
    [TestCase("00 00 01 00", "BadCredentials")]
    [TestCase("00 00 10 01", "Overloaded")]
    [TestCase("00 00 10 02", "IsBootstrapping")]
    [TestCase("00 00 10 03", "TruncateError")]
    [TestCase("00 00 20 00", "SyntaxError")]
    [TestCase("00 00 21 00", "Unauthorized")]
    [TestCase("00 00 22 00", "Invalid")]
    [TestCase("00 00 23 00", "ConfigError")]
    public void Simple_errors_are_code_and_message(string code, string expected)
    {
        var error = DecodeError(Hex(code, "00 05", Ascii("oops!")));

        Assert.That(error.Code, Is.EqualTo(Enum.Parse<CqlErrorCode>(expected)));
        Assert.That(error.ServerMessage, Is.EqualTo("oops!"));
        Assert.That(error.Consistency, Is.Null);
        Assert.That(error.Required, Is.Null);
        Assert.That(error.Received, Is.Null);
    }

    [Test]
    public void An_unknown_error_code_still_becomes_a_server_exception()
    {
        var error = DecodeError(Hex("00 00 99 99", Message));

        Assert.That((int)error.Code, Is.EqualTo(0x9999));
        Assert.That(error.ServerMessage, Is.EqualTo("msg"));
    }

    [Test]
    public void An_error_with_truncated_extra_fields_is_a_protocol_error()
    {
        var body = Hex("00 00 10 00", Message, "00 04", "00 00 00 03"); // Unavailable without <alive>

        Assert.That(() => Decode(Opcode.Error, body), Throws.TypeOf<CqlProtocolException>());
    }

    [TestCase("00 00 10 00", "00 04 00 00 00 03 00 00 00 01")]          // Unavailable
    [TestCase("00 00 10 01", "")]                                       // Overloaded
    [TestCase("00 00 10 02", "")]                                       // Is_bootstrapping
    [TestCase("00 00 12 00", "00 01 00 00 00 00 00 00 00 01 00")]       // Read_timeout
    [TestCase("00 00 11 00", "00 01 00 00 00 00 00 00 00 01 00 06 53 49 4D 50 4C 45")] // Write_timeout SIMPLE
    public void Passing_cluster_conditions_are_retryable(string code, string extra)
    {
        Assert.That(DecodeError(Hex(code, Message, extra)).IsRetryable, Is.True);
    }

    [TestCase("00 00 20 00")] // Syntax_error
    [TestCase("00 00 22 00")] // Invalid
    [TestCase("00 00 21 00")] // Unauthorized
    [TestCase("00 00 01 00")] // Authentication error (bad credentials)
    [TestCase("00 00 24 00", "00 02 6B 73 00 01 74")] // Already_exists ks.t
    [TestCase("00 00 23 00")] // Config_error
    public void Requests_that_fail_every_time_are_not_retryable(string code, string extra = "")
    {
        Assert.That(DecodeError(Hex(code, Message, extra)).IsRetryable, Is.False);
    }
}
