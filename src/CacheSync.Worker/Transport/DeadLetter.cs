using RabbitMQ.Client;

namespace CacheSync.Worker.Transport;

/// <summary>A message on its way to the DLQ: the original delivery, untouched, plus why it failed.</summary>
internal sealed record DeadLetter
{
    public required ReadOnlyMemory<byte> Body { get; init; }

    public IReadOnlyBasicProperties? OriginalProperties { get; init; }

    public string? OriginalExchange { get; init; }

    public string? OriginalRoutingKey { get; init; }

    public required string Reason { get; init; }

    public string? Detail { get; init; }

    public Exception? Exception { get; init; }

    public int Attempts { get; init; }
}
