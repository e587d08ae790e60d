using System.Numerics;
using System.Text.RegularExpressions;
using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// README's rule for <c>version</c>, written independently of the decoder: a non-negative 64-bit integer, as a JSON
/// number or a string of digits. Anything else is <c>wrong-type</c>, except that a value below zero may be called
/// <c>negative-version</c>, and only a value below zero.
/// </summary>
internal static partial class VersionRules
{
    /// <summary>The acceptable answers for a raw JSON version value.</summary>
    public static IReadOnlySet<string> Verdicts(string rawJson)
    {
        if (NumberGrammar().Match(rawJson) is { Success: true } number) return NumberVerdicts(number);
        if (rawJson.Length >= 2 && rawJson[0] == '"' && rawJson[^1] == '"') return StringVerdicts(rawJson[1..^1]);
        return HostileCase.Expect(ContractReasons.BadJson); // not a JSON value at all (01, +1, .5, NaN…)
    }

    private static IReadOnlySet<string> NumberVerdicts(Match number)
    {
        var integral = BigInteger.Parse(number.Groups["int"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var negative = number.Groups["sign"].Success && (integral != 0 || number.Groups["frac"].Value.Any(c => c is >= '1' and <= '9'));
        var isInteger = !number.Groups["frac"].Success && !number.Groups["exp"].Success;
        if (isInteger && !negative) return HostileCase.Expect(integral <= long.MaxValue ? HostileCase.Valid : ContractReasons.WrongType);
        if (isInteger) return HostileCase.Expect(ContractReasons.NegativeVersion);
        return negative
            ? HostileCase.Expect(ContractReasons.WrongType, ContractReasons.NegativeVersion)
            : HostileCase.Expect(ContractReasons.WrongType);
    }

    /// <param name="text">The string's content; the generator writes only ASCII here, unescaped.</param>
    private static IReadOnlySet<string> StringVerdicts(string text)
    {
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            return HostileCase.Expect(BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture) <= long.MaxValue
                ? HostileCase.Valid
                : ContractReasons.WrongType);
        }

        var negative = text.Length > 1 && text[0] == '-' && text[1..].All(char.IsAsciiDigit) && text[1..].Any(c => c != '0');
        return negative
            ? HostileCase.Expect(ContractReasons.WrongType, ContractReasons.NegativeVersion)
            : HostileCase.Expect(ContractReasons.WrongType);
    }

    [GeneratedRegex(@"^(?<sign>-)?(?<int>0|[1-9][0-9]*)(?<frac>\.[0-9]+)?(?<exp>[eE][+-]?[0-9]+)?$")]
    private static partial Regex NumberGrammar();
}
