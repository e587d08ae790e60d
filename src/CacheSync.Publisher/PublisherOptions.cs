namespace CacheSync.Publisher;

/// <summary>The <c>CacheSync:Publisher</c> section.</summary>
public sealed class PublisherOptions
{
    public const string SectionName = "CacheSync:Publisher";

    /// <summary>The broker; <c>amqps://</c> for TLS. The password is never logged.</summary>
    public string Uri { get; set; } = "amqp://guest:guest@localhost:5672/";

    /// <summary>The topic exchange the worker's queue is bound to.</summary>
    public string Exchange { get; set; } = "cachesync.events";

    /// <summary>Events held in memory while they wait for the broker.</summary>
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary><c>Wait</c>: a publish waits for room (never for the network). <c>FailFast</c>: it throws <see cref="PublisherBufferFullException"/>.</summary>
    public string WhenFull { get; set; } = nameof(FullBufferPolicy.Wait);

    /// <summary>Publishes awaiting their confirm at once.</summary>
    public int MaxInFlight { get; set; } = 256;

    /// <summary>Pause before reconnecting after the connection failed; doubles up to ten times this.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>On shutdown, how long the buffer may take to drain; what is left is reported (count and ids) in the log.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Names the connection in the broker's management UI.</summary>
    public string ConnectionName { get; set; } = $"cachesync-publisher@{Environment.MachineName}";

    internal FullBufferPolicy ParsedWhenFull => Enum.Parse<FullBufferPolicy>(WhenFull, ignoreCase: true);

    internal IEnumerable<string> Validate()
    {
        if (!System.Uri.TryCreate(Uri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            yield return $"{SectionName}:Uri: must be an amqp:// or amqps:// URI.";
        }

        if (string.IsNullOrWhiteSpace(Exchange)) yield return $"{SectionName}:Exchange: must not be empty.";
        if (BufferCapacity is < 1 or > 10_000_000) yield return $"{SectionName}:BufferCapacity: must be between 1 and 10000000, not {BufferCapacity}.";
        if (!Enum.TryParse<FullBufferPolicy>(WhenFull, ignoreCase: true, out _) || int.TryParse(WhenFull, out _))
        {
            yield return $"{SectionName}:WhenFull: '{WhenFull}' must be Wait or FailFast.";
        }

        if (MaxInFlight is < 1 or > 65_535) yield return $"{SectionName}:MaxInFlight: must be between 1 and 65535, not {MaxInFlight}.";
        if (ReconnectDelay <= TimeSpan.Zero || ReconnectDelay > TimeSpan.FromMinutes(5)) yield return $"{SectionName}:ReconnectDelay: must be between 0 and 00:05:00, not {ReconnectDelay}.";
        if (ShutdownTimeout < TimeSpan.Zero || ShutdownTimeout > TimeSpan.FromMinutes(10)) yield return $"{SectionName}:ShutdownTimeout: must be between 00:00:00 and 00:10:00, not {ShutdownTimeout}.";
    }
}

/// <summary>What a publish does when the buffer is full.</summary>
public enum FullBufferPolicy
{
    /// <summary>Wait for room (the caller's cancellation token ends the wait).</summary>
    Wait,

    /// <summary>Throw <see cref="PublisherBufferFullException"/> at once.</summary>
    FailFast,
}
