using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>Whatever a producer may legally write, however it spells it, decodes to exactly the event it meant.</summary>
[Category("Reliability")]
public sealed class DecoderRoundTripTests
{
    [Test]
    public void A_valid_event_decodes_to_itself_whatever_its_spelling_and_after_re_encoding() =>
        SeededProperty.Check("valid events round-trip", seed: 20_260_901, cases: 3000, ValidEvents.Any, valid =>
        {
            foreach (var (spelling, body) in new[] { ("as the producer wrote it", valid.Body()), ("as WriteEventEncoder writes it", WriteEventEncoder.Encode(valid.Event)) })
            {
                var verdict = DecoderVerdict.Of(body, DecoderLimits.Default, out var result);
                if (verdict != HostileCase.Valid) throw new PropertyViolation($"{spelling}: rejected as {verdict}: {result.Violation?.Detail}");
                if (EventDifference.Between(valid.Event, result.Event) is { } difference) throw new PropertyViolation($"{spelling}: {difference}");
            }
        });
}
