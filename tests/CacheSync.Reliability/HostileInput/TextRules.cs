using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// README's rules for the text fields, written independently of the decoder: what it must answer for a given
/// value of <c>id</c>, <c>entity</c>, <c>key</c> or a link.
/// </summary>
internal static class TextRules
{
    public sealed record Field(string Name, int MaxLength, bool BracesForbidden);

    public static Field Id { get; } = new("id", DecoderLimits.MaxIdLength, BracesForbidden: false);

    public static Field Entity { get; } = new("entity", DecoderLimits.MaxEntityLength, BracesForbidden: true);

    public static Field Key { get; } = new("key", DecoderLimits.MaxKeyLength, BracesForbidden: true);

    public static Field Link { get; } = new("links[]", DecoderLimits.MaxKeyLength, BracesForbidden: true);

    public static IReadOnlyList<Field> All { get; } = [Id, Entity, Key, Link];

    /// <param name="rawControls">The value's control characters are written raw in the JSON (not escaped).</param>
    public static string Verdict(Field field, string value, bool rawControls)
    {
        // Text that is not text (half a surrogate pair), or a string JSON forbids, is bad JSON before any field rule.
        if (HasLoneSurrogate(value) || (rawControls && value.Any(c => c < 0x20))) return ContractReasons.BadJson;
        if (value.Length == 0 || value.Length > field.MaxLength) return ContractReasons.InvalidValue;
        if (value.Any(char.IsControl)) return ContractReasons.InvalidValue;
        if (field.BracesForbidden && value.Any(c => c is '{' or '}')) return ContractReasons.InvalidValue;
        return HostileCase.Valid;
    }

    public static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) return true;
        }

        return false;
    }
}
