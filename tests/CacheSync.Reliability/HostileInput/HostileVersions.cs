using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Raw JSON for <c>version</c> at and beyond every edge: 0, <see cref="long.MaxValue"/> and one past it, negatives of
/// any size, 2^53 neighbours, fractions, exponents, digit strings with leading zeros or signs or spaces, non-ASCII
/// digits, and spellings JSON forbids (01, +1, .5, NaN).
/// </summary>
internal static class HostileVersions
{
    private static readonly BigInteger[] Edges =
    [
        0, 1, long.MaxValue, (BigInteger)long.MaxValue + 1, (BigInteger)long.MaxValue + 1000, ulong.MaxValue, (BigInteger)ulong.MaxValue + 1,
        9_007_199_254_740_991, 9_007_199_254_740_992, 9_007_199_254_740_993, -1, long.MinValue, (BigInteger)long.MinValue - 1,
        BigInteger.Pow(10, 40), -BigInteger.Pow(10, 40),
    ];

    private static readonly string[] Forbidden = ["01", "-01", "00", "+1", ".5", "1.", "-", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "1e", "--1", "1 2"];

    private static readonly string[] OddStrings = ["", " 1", "1 ", "+1", "-0", "-000", "1e3", "1.0", "0x1F", "١٢", "１", "1,000", "9223372036854775807 ", "true", "null"];

    private static Gen<string> Digits(int min, int max) =>
        from length in Gen.Choose(min, max)
        from digits in Gen.Choose(0, 9).ArrayOf(length)
        select string.Concat(digits);

    private static Gen<string> Integer => Gen.OneOf(
        from edge in Gen.Elements(Edges) from nudge in Gen.Choose(-2, 2) select (edge + nudge).ToString(CultureInfo.InvariantCulture),
        from sign in Gen.Elements("", "", "-") from head in Gen.Choose(1, 9) from tail in Digits(0, 40) select sign + head + tail,
        Gen.Elements("0", "-0"));

    private static Gen<string> Fractional =>
        from integer in Integer
        from fraction in Gen.OneOf(Gen.Constant(string.Empty), from d in Digits(1, 20) select "." + d)
        from exponent in Gen.OneOf(Gen.Constant(string.Empty),
            from e in Gen.Elements("e", "E") from s in Gen.Elements("", "+", "-") from d in Digits(1, 5) select e + s + d)
        where fraction.Length + exponent.Length > 0
        select integer + fraction + exponent;

    private static Gen<string> DigitString => Gen.OneOf(
        from zeros in Gen.Choose(0, 5) from integer in Integer select "\"" + new string('0', zeros) + integer + "\"",
        from digits in Digits(1, 45) select "\"" + digits + "\"",
        Gen.Elements(OddStrings).Select(s => "\"" + s + "\""));

    public static Gen<string> Any => Gen.Frequency(
        (4, Integer),
        (3, Fractional),
        (4, DigitString),
        (1, Gen.Elements(Forbidden)));
}
