using static CacheSync.Contracts.Tests.TestMessages;

namespace CacheSync.Contracts.Tests;

/// <summary>The decoder must never throw on bad input: whatever the bytes, it answers valid or names a reason.</summary>
public sealed class WriteEventDecoderFuzzTests
{
    private const int Iterations = 2000;

    private static readonly string[] KnownReasons =
    [
        ContractReasons.BadJson,
        ContractReasons.MissingField,
        ContractReasons.WrongType,
        ContractReasons.InvalidValue,
        ContractReasons.NegativeVersion,
        ContractReasons.UnknownOp,
        ContractReasons.Oversize,
    ];

    // Bytes that matter to JSON and UTF-8, so mutations reach past the parser more often than pure noise would.
    private static readonly byte[] Interesting = "{}[]\":,-0123456789.eE \\ntrufalsn"u8.ToArray().Concat(new byte[] { 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xE2, 0xEF, 0xF0, 0xFF }).ToArray();

    [Test]
    public void Random_bytes_never_make_the_decoder_throw()
    {
        var random = new Random(20250102);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Iterations; i++)
        {
            var body = new byte[random.Next(0, 300)];
            random.NextBytes(body);
            if (i % 4 == 0 && body.Length > 0) body[0] = (byte)'{';
            Count(outcomes, DecodeChecked(body, i));
        }

        Assert.That(outcomes.Keys, Is.SubsetOf(KnownReasons.Append("valid")));
    }

    [Test]
    public void Mutated_valid_messages_never_make_the_decoder_throw()
    {
        var random = new Random(42);
        var seeds = new[] { Utf8(ValidUpsertJson), Utf8(ValidDeleteJson) };
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Iterations; i++)
        {
            var body = seeds[i % seeds.Length].ToList();
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations && body.Count > 0; m++)
            {
                var at = random.Next(body.Count);
                switch (random.Next(4))
                {
                    case 0: body[at] = Interesting[random.Next(Interesting.Length)]; break;
                    case 1: body.Insert(at, Interesting[random.Next(Interesting.Length)]); break;
                    case 2: body.RemoveAt(at); break;
                    default: body.RemoveRange(at, body.Count - at); break;
                }
            }

            Count(outcomes, DecodeChecked(body.ToArray(), i));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes.Keys, Is.SubsetOf(KnownReasons.Append("valid")));

            // The mutations are meant to reach the field rules, not only the JSON parser.
            Assert.That(outcomes.Keys, Has.Member(ContractReasons.BadJson));
            Assert.That(outcomes.Keys, Has.Some.Not.EqualTo(ContractReasons.BadJson));
        }
    }

    private static string DecodeChecked(byte[] body, int iteration)
    {
        DecodeResult result = default;
        Assert.That(() => result = WriteEventDecoder.Decode(body), Throws.Nothing, $"iteration {iteration}: {Convert.ToHexString(body)}");
        if (result.IsValid)
        {
            Assert.That(result.Violation, Is.Null, $"iteration {iteration}");
            return "valid";
        }

        Assert.That(result.Violation, Is.Not.Null, $"iteration {iteration}");
        Assert.That(result.Violation!.Reason, Is.Not.Null.And.Not.Empty, $"iteration {iteration}");
        Assert.That(result.Violation.Detail, Is.Not.Null.And.Not.Empty, $"iteration {iteration}");
        return result.Violation.Reason;
    }

    private static void Count(Dictionary<string, int> outcomes, string outcome) =>
        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
}
