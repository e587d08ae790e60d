using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Hostile structure (duplicate members however spelled, nesting to 10,000 levels, roots that are not objects,
/// trailing garbage, comments, misplaced byte-order marks, other encodings, strange member names) earns the reason
/// README gives for it, and harmless structure (unknown members, whitespace, one leading BOM) changes nothing.
/// </summary>
[Category("Reliability")]
public sealed class DecoderStructureTests
{
    [Test]
    public void Hostile_structure_gets_its_documented_reason() =>
        SeededProperty.Check("hostile structure", seed: 20_260_904, cases: 3000, HostileStructures.Any,
            hostile => DecoderVerdict.Check(hostile, DecoderLimits.Default));
}
