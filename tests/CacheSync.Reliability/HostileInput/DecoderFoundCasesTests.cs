using System.Text;
using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// The cases the hostile-input properties found, kept as plain examples so that they stay fixed whatever the
/// generators come to draw.
/// </summary>
[Category("Reliability")]
public sealed class DecoderFoundCasesTests
{
    private const string Event = """{"id":"a","entity":"user_model","key":"1","op":"delete","version":1""";

    // The duplicate-name check unescaped this unknown member's name and threw InvalidOperationException out of the
    // decoder, which promises never to throw: the worker's transport filters call it to classify what they dead-letter.
    [TestCase(Event + ""","\ud800":1}""")]
    [TestCase(Event + ""","a\udc00":1}""")]
    [TestCase(Event + ""","\ude00\ud83d":{"x":1}}""")]
    public void A_member_named_with_half_a_surrogate_pair_is_bad_json(string json)
    {
        var result = WriteEventDecoder.Decode(Encoding.UTF8.GetBytes(json));

        Assert.That(result.Violation?.Reason, Is.EqualTo(ContractReasons.BadJson));
    }

    // Zero written with a minus sign was called a negative version; README keeps that reason for values below zero.
    [TestCase("\"-0\"")]
    [TestCase("\"-000\"")]
    [TestCase("-0e5")]
    [TestCase("-0E-0")]
    public void Zero_with_a_minus_sign_is_not_a_negative_version(string version)
    {
        var result = WriteEventDecoder.Decode(Encoding.UTF8.GetBytes("""{"id":"a","entity":"user_model","key":"1","op":"delete","version":""" + version + "}"));

        Assert.That(result.Violation?.Reason, Is.EqualTo(ContractReasons.WrongType));
    }

    [TestCase("-1")]
    [TestCase("\"-1\"")]
    [TestCase("-1e3")]
    [TestCase("-0.5e0")]
    [TestCase("-99999999999999999999")]
    public void A_version_below_zero_is_still_a_negative_version(string version)
    {
        var result = WriteEventDecoder.Decode(Encoding.UTF8.GetBytes("""{"id":"a","entity":"user_model","key":"1","op":"delete","version":""" + version + "}"));

        Assert.That(result.Violation?.Reason, Is.AnyOf(ContractReasons.NegativeVersion, ContractReasons.WrongType));
        if (!version.Contains('.', StringComparison.Ordinal)) Assert.That(result.Violation?.Reason, Is.EqualTo(ContractReasons.NegativeVersion));
    }
}
