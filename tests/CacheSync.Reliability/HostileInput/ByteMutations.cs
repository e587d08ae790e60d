using System.Text.Unicode;
using CacheSync.Contracts;
using FsCheck;
using FsCheck.Fluent;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Bytes with no promise of meaning: noise, noise biased to JSON and UTF-8 lead bytes, valid bodies with bits flipped
/// and bytes inserted, deleted, duplicated and spliced from another body, bodies cut at any point, and invalid UTF-8
/// (overlong forms, encoded surrogates, code points past U+10FFFF, cut sequences) planted anywhere.
/// </summary>
internal static class ByteMutations
{
    private static readonly byte[] Interesting =
        [.. "{}[]\":,-0123456789.eE +\\/ntrufalsu\"'"u8.ToArray(), 0x00, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3],
    ];

    private static readonly IReadOnlySet<string> AnyVerdict = new HashSet<string>(DocumentedReasons.Contract.Append(HostileCase.Valid), StringComparer.Ordinal);

    // Built on each use, so that the order of these declarations does not matter.
    public static Gen<HostileCase> Any => Gen.Frequency(
        (2, Noise),
        (5, Mutated),
        (2, Spliced),
        (2, Truncated),
        (2, WithInvalidUtf8));

    private static Gen<HostileCase> Noise =>
        from length in Gen.Choose(0, 600)
        from biased in Gen.Elements(false, true)
        from bytes in (biased ? Gen.Elements(Interesting) : Gen.Choose(0, 255).Select(b => (byte)b)).ArrayOf(length)
        from openBrace in Gen.Elements(false, true)
        let body = openBrace && bytes.Length > 0 ? [(byte)'{', .. bytes[1..]] : bytes
        select new HostileCase("noise", biased ? "JSON-ish bytes" : "random bytes", body, AnyVerdict);

    private static Gen<HostileCase> Mutated =>
        from valid in ValidEvents.Any
        from count in Gen.Choose(1, 8)
        from mutations in Mutation.ArrayOf(count)
        let body = mutations.Aggregate(valid.Body(), (bytes, mutate) => mutate(bytes))
        select new HostileCase("mutated", $"{count} mutations of a valid event", body,
            Utf8.IsValid(body) ? AnyVerdict : HostileCase.Expect(ContractReasons.BadJson));

    private static Gen<Func<byte[], byte[]>> Mutation =>
        from kind in Gen.Choose(0, 6)
        from position in Gen.Choose(0, int.MaxValue)
        from length in Gen.Choose(1, 40)
        from bit in Gen.Choose(0, 7)
        from value in Gen.Elements(Interesting)
        select (Func<byte[], byte[]>)(bytes => Mutate(bytes, kind, position, length, bit, value));

    private static byte[] Mutate(byte[] bytes, int kind, int position, int length, int bit, byte value)
    {
        if (bytes.Length == 0) return [value];
        var at = position % bytes.Length;
        var span = Math.Min(length, bytes.Length - at);
        return kind switch
        {
            0 => Replace(bytes, at, (byte)(bytes[at] ^ (1 << bit))),
            1 => Replace(bytes, at, value),
            2 => [.. bytes[..at], value, .. bytes[at..]],
            3 => [.. bytes[..at], .. bytes[(at + 1)..]],
            4 => [.. bytes[..at], .. bytes[(at + span)..]],
            5 => [.. bytes[..(at + span)], .. bytes[at..]],
            _ => [.. bytes[..at], .. bytes[(at + span)..], .. bytes[at..(at + span)]],
        };
    }

    private static byte[] Replace(byte[] bytes, int at, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }

    private static Gen<HostileCase> Spliced =>
        from first in ValidEvents.Any
        from second in ValidEvents.Any
        from cutFirst in Gen.Choose(0, int.MaxValue)
        from cutSecond in Gen.Choose(0, int.MaxValue)
        let a = first.Body()
        let b = second.Body()
        let body = (byte[])[.. a[..(cutFirst % (a.Length + 1))], .. b[(cutSecond % (b.Length + 1))..]]
        select new HostileCase("spliced", "the head of one event on the tail of another", body,
            Utf8.IsValid(body) ? AnyVerdict : HostileCase.Expect(ContractReasons.BadJson));

    private static Gen<HostileCase> Truncated =>
        from valid in ValidEvents.Any
        from cut in Gen.Choose(0, int.MaxValue)
        let whole = valid.Body()
        let at = cut % whole.Length
        let body = whole[..at]
        select new HostileCase("truncated", $"cut at byte {at} of {whole.Length}", body,
            HostileCase.Expect(at > Array.LastIndexOf(whole, (byte)'}') ? HostileCase.Valid : ContractReasons.BadJson));

    private static Gen<HostileCase> WithInvalidUtf8 =>
        from valid in ValidEvents.Any
        from sequence in Gen.Elements(InvalidUtf8)
        from position in Gen.Choose(0, int.MaxValue)
        let whole = valid.Body()
        let at = position % (whole.Length + 1)
        select new HostileCase("invalid UTF-8", $"{Convert.ToHexString(sequence)} at byte {at}", [.. whole[..at], .. sequence, .. whole[at..]],
            HostileCase.Expect(ContractReasons.BadJson));
}
