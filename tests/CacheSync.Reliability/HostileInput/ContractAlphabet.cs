using FsCheck;
using FsCheck.Fluent;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Text the contract allows in ids, entity names, keys and links, drawn to include what breaks naive code: key
/// template and glob characters, quotes and backslashes, invisible and direction-changing characters, characters
/// outside the BMP (surrogate pairs), noncharacters and the byte-order mark. Never braces (except in ids) or controls.
/// </summary>
internal static class ContractAlphabet
{
    private static readonly string[] KeyPieces =
    [
        "a", "Z", "0", "9", "42", "user", "-", "_", ".", "/", ":", "::", "*", "?", "[", "]", " ", "%", "%s", "\\", "\"", "'",
        "#", "@", "|", "$", "=", "é", "ß", "漢字", "\u00A0", "\u200B", "\u2028", "\u2029", "\uFEFF", "\u202E", "\uFFFD",
        "\uFFFE", "\uFFFF", "😀", "𝄞", "\uDBFF\uDFFF",
    ];

    private static readonly string[] IdPieces = [.. KeyPieces, "{", "}", "{key}", "{}"];

    /// <summary>Text of 1 to <paramref name="maxLength"/> UTF-16 units, mostly short, sometimes exactly the limit.</summary>
    public static Gen<string> Text(int maxLength, bool allowBraces)
    {
        var pieces = allowBraces ? IdPieces : KeyPieces;
        return from length in Gen.Frequency((8, Gen.Choose(1, 12)), (2, Gen.Choose(1, maxLength)), (1, Gen.Constant(maxLength)))
               from chosen in Gen.Elements(pieces).ArrayOf(length)
               select Fit(string.Concat(chosen), maxLength);
    }

    /// <summary>Cuts text to a length without splitting a surrogate pair (half a pair is not text).</summary>
    public static string Fit(string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        var cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text[..cut];
    }
}
