using System.Diagnostics.Metrics;

namespace CacheSync.Publisher;

/// <summary>
/// The publisher's instruments on the meter <c>CacheSync.Publisher</c>: events taken, confirmed, nacked and
/// retried, and the depth of the buffer.
/// </summary>
internal sealed class PublisherMetrics : IDisposable
{
    public const string MeterName = "CacheSync.Publisher";

    private readonly Meter _meter;

    public PublisherMetrics(IMeterFactory? meters, Func<int> bufferDepth)
    {
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        Published = _meter.CreateCounter<long>("cachesync.publisher.published", "{event}", "Events taken into the buffer.");
        Confirmed = _meter.CreateCounter<long>("cachesync.publisher.confirmed", "{event}", "Events the broker confirmed.");
        Nacked = _meter.CreateCounter<long>("cachesync.publisher.nacked", "{event}", "Publishes the broker refused (each is sent again).");
        Retried = _meter.CreateCounter<long>("cachesync.publisher.retried", "{event}", "Events sent again after a nack or a lost connection.");
        Unroutable = _meter.CreateCounter<long>("cachesync.publisher.unroutable", "{event}", "Events no queue would take (returned); logged, not sent again.");
        _meter.CreateObservableGauge("cachesync.publisher.buffer_depth", bufferDepth, "{event}", "Events waiting for the broker.");
    }

    public Counter<long> Published { get; }

    public Counter<long> Confirmed { get; }

    public Counter<long> Nacked { get; }

    public Counter<long> Retried { get; }

    public Counter<long> Unroutable { get; }

    public void Dispose() => _meter.Dispose();
}
