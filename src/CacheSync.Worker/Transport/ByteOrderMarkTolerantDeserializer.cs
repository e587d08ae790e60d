using System.Net.Mime;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Serialization;

namespace CacheSync.Worker.Transport;

/// <summary>
/// MassTransit's raw JSON deserializer without its one disagreement with the contract: System.Text.Json refuses a
/// leading UTF-8 byte-order mark, which the contract decoder skips, so a valid event carrying one could only reach the
/// DLQ as a transport-error. Only the copy MassTransit parses loses the mark; the consumer reads, and a dead letter
/// carries, the body exactly as it came.
/// </summary>
internal sealed class ByteOrderMarkTolerantDeserializer : IMessageDeserializer
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly IMessageDeserializer _inner;

    public ByteOrderMarkTolerantDeserializer(IMessageDeserializer inner) => _inner = inner;

    public ContentType ContentType => _inner.ContentType;

    public void Probe(ProbeContext context) => _inner.Probe(context);

    public ConsumeContext Deserialize(ReceiveContext receiveContext) =>
        new BodyConsumeContext(receiveContext, Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress));

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null)
    {
        var bytes = body.GetBytes();
        var parsed = bytes.AsSpan().StartsWith(Utf8Bom) ? new MemoryMessageBody(bytes.AsMemory(Utf8Bom.Length)) : body;
        return _inner.Deserialize(parsed, headers, destinationAddress);
    }

    public MessageBody GetMessageBody(string text) => _inner.GetMessageBody(text);

    /// <summary>Registers this deserializer in place of <c>UseRawJsonDeserializer</c>, with the same raw JSON options.</summary>
    internal sealed class Factory : ISerializerFactory
    {
        private readonly SystemTextJsonRawMessageSerializerFactory _inner;

        public Factory(RawSerializerOptions options) => _inner = new SystemTextJsonRawMessageSerializerFactory(options);

        public ContentType ContentType => _inner.ContentType;

        public IMessageSerializer CreateSerializer() => _inner.CreateSerializer();

        public IMessageDeserializer CreateDeserializer() => new ByteOrderMarkTolerantDeserializer(_inner.CreateDeserializer());
    }
}
