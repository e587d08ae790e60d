using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Any bytes at all (noise, mutated, spliced and truncated events, invalid UTF-8) get an answer and never an
/// exception: an event that survives re-encoding, or a documented reason with a detail. Invalid UTF-8 is always
/// <c>bad-json</c>, and a truncated event is <c>bad-json</c> unless only trailing whitespace was cut.
/// </summary>
[Category("Reliability")]
public sealed class DecoderArbitraryBytesTests
{
    [Test]
    public void Any_bytes_get_a_documented_answer_and_never_an_exception() =>
        SeededProperty.Check("arbitrary bytes", seed: 20_260_905, cases: 6000, ByteMutations.Any,
            hostile => DecoderVerdict.Check(hostile, DecoderLimits.Default));
}
