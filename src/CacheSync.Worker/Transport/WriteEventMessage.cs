namespace CacheSync.Worker.Transport;

/// <summary>
/// The type MassTransit delivers raw JSON as. It carries nothing: the consumer reads the body bytes itself,
/// so that the contract decoder, not the transport, judges every message.
/// </summary>
public sealed class WriteEventMessage;
