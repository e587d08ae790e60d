namespace CacheSync.Worker.Transport;

/// <summary>The <c>CacheSync:RabbitMq</c> section: where events come from and where dead letters go.</summary>
public sealed class RabbitMqTransportOptions
{
    public const string SectionName = "CacheSync:RabbitMq";

    /// <summary>The broker, as an AMQP URI: <c>amqp://user:password@host:5672/vhost</c> (<c>amqps://</c> for TLS).</summary>
    public string Uri { get; set; } = "amqp://guest:guest@localhost:5672/";

    /// <summary>The topic exchange producers publish to, with routing key <c>&lt;entity&gt;.&lt;op&gt;</c>.</summary>
    public string Exchange { get; set; } = "cachesync.events";

    /// <summary>The worker's queue (a durable quorum queue), shared by all replicas.</summary>
    public string Queue { get; set; } = "cachesync.worker";

    /// <summary>The dead-letter queue (a durable quorum queue).</summary>
    public string DeadLetterQueue { get; set; } = "cachesync.worker.dlq";

    /// <summary>Routing keys that bind the queue to the exchange; <c>#</c> takes every event.</summary>
    public IList<string> BindingKeys { get; } = [];

    /// <summary>Unacked messages the broker may push to one replica.</summary>
    public int PrefetchCount { get; set; } = 64;

    /// <summary>Messages one replica processes at once.</summary>
    public int ConcurrencyLimit { get; set; } = 16;

    /// <summary>
    /// Deliveries of one message before the broker itself moves it to the DLQ (quorum queue <c>x-delivery-limit</c>),
    /// so a message that crashes the worker every time cannot loop forever. Before RabbitMQ 4.3, requeues on shutdown count too.
    /// </summary>
    public int DeliveryLimit { get; set; } = 20;

    /// <summary>
    /// On shutdown, how long messages in flight may go on (finishing, or retrying) after consumption has stopped;
    /// then they are cancelled and returned to the queue. The host waits up to this plus 20 s in all.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan MinDrainTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDrainTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The drain timeout as configured, read without validating the rest of the section (timeouts are wired while
    /// the host is built, before validation can report every bad setting at once); out of range falls back.
    /// </summary>
    public static TimeSpan DrainTimeoutFrom(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var fallback = new RabbitMqTransportOptions().DrainTimeout;
        var text = configuration[$"{SectionName}:{nameof(DrainTimeout)}"];
        return TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) &&
               value >= MinDrainTimeout && value <= MaxDrainTimeout
            ? value
            : fallback;
    }

    /// <summary>The binding keys in force: the configured ones, or <c>#</c>.</summary>
    public IReadOnlyList<string> EffectiveBindingKeys => BindingKeys.Count > 0 ? BindingKeys.ToArray() : ["#"];

    internal IEnumerable<string> Validate()
    {
        foreach (var (name, value) in new[] { (nameof(Exchange), Exchange), (nameof(Queue), Queue), (nameof(DeadLetterQueue), DeadLetterQueue) })
        {
            if (string.IsNullOrWhiteSpace(value)) yield return $"{SectionName}:{name}: must not be empty.";
        }

        if (PrefetchCount is < 1 or > 65535) yield return $"{SectionName}:PrefetchCount: must be between 1 and 65535, not {PrefetchCount}.";
        if (DrainTimeout < MinDrainTimeout || DrainTimeout > MaxDrainTimeout)
        {
            yield return $"{SectionName}:DrainTimeout: must be between {MinDrainTimeout} and {MaxDrainTimeout}, not {DrainTimeout}.";
        }

        if (DeliveryLimit is < 2 or > 1000) yield return $"{SectionName}:DeliveryLimit: must be between 2 and 1000, not {DeliveryLimit}.";
        if (ConcurrencyLimit is < 1 or > 1024) yield return $"{SectionName}:ConcurrencyLimit: must be between 1 and 1024, not {ConcurrencyLimit}.";
        if (!System.Uri.TryCreate(Uri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            yield return $"{SectionName}:Uri: '{Redacted(Uri)}' is not an amqp:// or amqps:// URI.";
        }

        else if (PrefetchCount is >= 1 and <= 65535 && ConcurrencyLimit > PrefetchCount)
        {
            yield return $"{SectionName}:ConcurrencyLimit: must not exceed PrefetchCount ({PrefetchCount}); the extra slots would never fill.";
        }

        if (string.Equals(Queue, DeadLetterQueue, StringComparison.Ordinal))
        {
            yield return $"{SectionName}:DeadLetterQueue: must differ from Queue.";
        }
    }

    /// <summary>The URI without its password, for messages and logs.</summary>
    public static string Redacted(string uri) =>
        System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.UserInfo.Contains(':', StringComparison.Ordinal)
            ? uri.Replace(parsed.UserInfo, parsed.UserInfo.Split(':')[0] + ":***", StringComparison.Ordinal)
            : uri;
}
