using System.Globalization;
using CacheSync.Contracts;
using RabbitMQ.Client;

namespace CacheSync.Cli.DeadLetters;

/// <summary>
/// The message a replay sends back: the original body byte for byte, the original properties (message id,
/// content type, correlation, trace headers…), persistent, without the headers that described the failure, and
/// with <see cref="DeadLetterHeaders.ReplayCount"/> one higher. The event keeps its id, so a copy that arrives
/// twice is absorbed by the worker's idempotency.
/// </summary>
internal static class ReplayCopy
{
    private static readonly HashSet<string> FailureHeaders =
    [
        DeadLetterHeaders.Reason, DeadLetterHeaders.Detail, DeadLetterHeaders.ExceptionType, DeadLetterHeaders.ExceptionMessage,
        DeadLetterHeaders.Attempts, DeadLetterHeaders.FailedAt, DeadLetterHeaders.Worker,
        DeadLetterHeaders.OriginalUserId, DeadLetterHeaders.OriginalExpiration,
        "x-death", "x-first-death-reason", "x-first-death-queue", "x-first-death-exchange",
        "x-last-death-reason", "x-last-death-queue", "x-last-death-exchange", "x-delivery-count", "x-dotnet-pub-seq-no",
    ];

    public static BasicProperties PropertiesOf(DeadLetter letter)
    {
        var properties = new BasicProperties(letter.Properties)
        {
            Persistent = true,
            Headers = (letter.Properties.Headers ?? new Dictionary<string, object?>())
                .Where(h => !FailureHeaders.Contains(h.Key))
                .ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal),
        };
        properties.Headers[DeadLetterHeaders.ReplayCount] = (letter.ReplayCount + 1).ToString(CultureInfo.InvariantCulture);

        // A message the broker dead-lettered itself keeps its user_id, and the broker refuses (closing the channel)
        // a publish whose user_id is not the publisher's: the replay would stop at the first such message.
        properties.ClearUserId();
        return properties;
    }
}
