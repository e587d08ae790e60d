using RabbitMQ.Client;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// One message as published, numbered in header <see cref="NumberHeader"/> so its dead letter can be found again
/// whatever its body, message id or other headers are; with the answers the worker may give it.
/// </summary>
internal sealed record OutboundMessage(int Number, MixCase Case, string RoutingKey, BasicProperties Properties, IReadOnlySet<string> Acceptable)
{
    public const string NumberHeader = "x-hostile-number";

    public byte[] Body => Case.Body;

    public bool MustApply => Case.IsValid;

    public override string ToString() =>
        $"#{Number} content-type {(Properties.IsContentTypePresent() ? $"'{Properties.ContentType}'" : "(none)")}, routing key '{RoutingKey}', " +
        $"{Properties.Headers?.Count ?? 0} headers; expected {string.Join(" or ", Acceptable)}; {Case}";
}
