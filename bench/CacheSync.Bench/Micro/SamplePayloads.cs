using System.Text;

namespace CacheSync.Bench.Micro;

/// <summary>
/// Realistic inputs: a <c>user_model</c> record whose data JSON is exactly 256 B, 4 KB or 64 KB (the default
/// <c>MaxPayloadBytes</c>, so the largest still passes the policy), and the contract-v1 message that carries it.
/// </summary>
internal static class SamplePayloads
{
    public const int Small = 256;
    public const int Medium = 4 * 1024;
    public const int Large = 64 * 1024;

    public const string Entity = "user_model";
    public const string Key = "42";
    public const string UserId = "7";

    /// <summary>A microsecond timestamp, the version producers use; large enough to need all 16 digits.</summary>
    public const long Version = 1_732_581_234_567_890;

    private const string DataPrefix = "{\"user_id\":\"" + UserId + "\",\"name\":\"Ada Lovelace\",\"plan\":\"pro\",\"bio\":\"";
    private const string Filler = "Wrote the first algorithm intended for the Analytical Engine; notes A to G. ";

    /// <summary>The record as JSON, padded in its <c>bio</c> with plain prose to exactly <paramref name="bytes"/> bytes of UTF-8.</summary>
    public static string DataJson(int bytes)
    {
        var padding = bytes - DataPrefix.Length - "\"}".Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(padding, 1, nameof(bytes));
        var bio = new StringBuilder(padding);
        while (bio.Length < padding) bio.Append(Filler, 0, Math.Min(Filler.Length, padding - bio.Length));
        var json = $"{DataPrefix}{bio}\"}}";
        return Encoding.UTF8.GetByteCount(json) == bytes ? json : throw new InvalidOperationException("The sample data is not the size asked for.");
    }

    /// <summary>An upsert as a producer publishes it (README, "Message contract"), with one link, as UTF-8 bytes.</summary>
    public static byte[] UpsertMessage(int dataBytes, long version = Version) => Encoding.UTF8.GetBytes($$"""
        {"id":"01J9ZK7T2W6Q8V3M5N4R1X0YBA","entity":"{{Entity}}","key":"{{Key}}","op":"upsert","version":{{version}},"occurredAt":"2026-11-26T00:33:54.56789Z","data":{{DataJson(dataBytes)}},"links":["dashboard:{{UserId}}"]}
        """);
}
