namespace CacheSync.Contracts;

/// <summary>
/// Headers the worker adds to a dead-lettered message. The original body, properties and headers are kept
/// unchanged beside them, so the message can be replayed exactly as it was published.
/// </summary>
public static class DeadLetterHeaders
{
    public const string Reason = "x-cachesync-reason";
    public const string Detail = "x-cachesync-reason-detail";
    public const string ExceptionType = "x-cachesync-exception-type";
    public const string ExceptionMessage = "x-cachesync-exception-message";
    public const string Attempts = "x-cachesync-attempts";
    public const string FailedAt = "x-cachesync-failed-at";
    public const string OriginalExchange = "x-cachesync-original-exchange";
    public const string OriginalRoutingKey = "x-cachesync-original-routing-key";
    public const string Worker = "x-cachesync-worker";

    /// <summary>The original <c>user_id</c> property, moved here: RabbitMQ refuses a publish whose user_id is not the publisher's.</summary>
    public const string OriginalUserId = "x-cachesync-original-user-id";

    /// <summary>The original <c>expiration</c> property, moved here: kept as a property, it would expire the dead letter.</summary>
    public const string OriginalExpiration = "x-cachesync-original-expiration";

    /// <summary>How many times <c>cachesync dlq replay</c> has sent this message back; set on the replayed copy.</summary>
    public const string ReplayCount = "x-cachesync-replay-count";
}
