using System.Text;
using CacheSync.Contracts;
using RabbitMQ.Client;

namespace CacheSync.Testing.Worker;

/// <summary>A message read back from the DLQ, with its headers decoded to text.</summary>
public sealed record DeadLetterMessage(byte[] Body, IReadOnlyBasicProperties Properties)
{
    public string Reason => Header(DeadLetterHeaders.Reason) ?? string.Empty;

    public string? Header(string name) =>
        Properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => null,
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            }
            : null;

    public string BodyText => Encoding.UTF8.GetString(Body);
}
