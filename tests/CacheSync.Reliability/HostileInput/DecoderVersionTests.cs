using CacheSync.Contracts;
using FsCheck.Fluent;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Versions at and past every edge (0, <see cref="long.MaxValue"/> and one beyond, negatives of any size, fractions,
/// exponents, digit strings with signs, spaces or leading zeros) are accepted exactly when README allows them, and
/// <c>negative-version</c> is only ever said of a value below zero.
/// </summary>
[Category("Reliability")]
public sealed class DecoderVersionTests
{
    [Test]
    public void A_version_is_accepted_exactly_when_it_is_a_non_negative_64_bit_integer() =>
        SeededProperty.Check("extreme versions", seed: 20_260_903, cases: 3000,
            from valid in ValidEvents.Any
            from raw in HostileVersions.Any
            select new HostileCase("version", $"version = {raw}", valid.Shape.With("version", JsonFragment.Raw(raw)).Render(valid.Style), VersionRules.Verdicts(raw)),
            hostile => DecoderVerdict.Check(hostile, DecoderLimits.Default));
}
