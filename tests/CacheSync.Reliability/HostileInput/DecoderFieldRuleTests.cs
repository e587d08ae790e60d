using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// One hostile member in an otherwise valid event earns exactly the reason README gives for it: wrong types, missing
/// fields, control characters, braces, half surrogate pairs, over-long text, unknown ops, bad dates, too many links.
/// </summary>
[Category("Reliability")]
public sealed class DecoderFieldRuleTests
{
    [Test]
    public void Each_hostile_member_gets_its_documented_reason() =>
        SeededProperty.Check("hostile members", seed: 20_260_902, cases: 4000, HostileFields.Any,
            hostile => DecoderVerdict.Check(hostile, DecoderLimits.Default));
}
