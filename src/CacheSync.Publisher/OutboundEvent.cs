namespace CacheSync.Publisher;

/// <summary>An event encoded and waiting for the broker: it keeps its id and bytes across every retry.</summary>
internal sealed record OutboundEvent(string Id, string RoutingKey, ReadOnlyMemory<byte> Body, string? TraceParent, string? TraceState);
