using System.Text.Json;

namespace CacheSync.Cli.DeadLetters;

/// <summary>
/// A dead letter as one JSON line, complete enough to inspect or re-publish it later: what list shows, every
/// property and header, and the body (as text when it is UTF-8, else base64).
/// </summary>
internal static class DeadLetterExport
{
    /// <summary>What <c>dlq list --json</c> writes for a dead letter; the export adds properties, headers and body.</summary>
    public static Dictionary<string, object?> Summary(DeadLetter letter) => new()
    {
        ["id"] = letter.Id,
        ["messageId"] = letter.Properties.MessageId,
        ["entity"] = letter.Entity,
        ["key"] = letter.Key,
        ["op"] = letter.Op,
        ["version"] = letter.Version,
        ["reason"] = letter.Reason,
        ["detail"] = letter.Detail,
        ["attempts"] = letter.Attempts,
        ["failedAt"] = letter.FailedAt,
        ["replayCount"] = letter.ReplayCount,
    };

    public static string ToJsonLine(DeadLetter letter)
    {
        var p = letter.Properties;
        var record = Summary(letter);
        record["properties"] = new Dictionary<string, object?>
        {
            ["messageId"] = p.MessageId,
            ["contentType"] = p.ContentType,
            ["contentEncoding"] = p.ContentEncoding,
            ["correlationId"] = p.CorrelationId,
            ["type"] = p.Type,
            ["appId"] = p.AppId,
            ["deliveryMode"] = (int)p.DeliveryMode,
            ["timestamp"] = p.IsTimestampPresent() ? p.Timestamp.UnixTime : null,
        };
        record["headers"] = letter.Headers;
        if (letter.BodyText is { } text) record["body"] = text;
        else record["bodyBase64"] = Convert.ToBase64String(letter.Body.Span);
        return JsonSerializer.Serialize(record, CliJson.Options);
    }
}
