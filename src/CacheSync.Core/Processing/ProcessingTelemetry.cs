using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CacheSync.Core.Processing;

/// <summary>
/// The worker's instruments (meter <c>CacheSync.Worker</c>) and its trace source, made per host through
/// <see cref="IMeterFactory"/>: what happened to each message, how long deciding took, and how far behind the
/// producer the applied writes are. BCL types only; exporting them is the host's business.
/// </summary>
public sealed class ProcessingTelemetry : IDisposable
{
    /// <summary>The name of both the meter and the activity source.</summary>
    public const string Name = "CacheSync.Worker";

    /// <summary>The span of one message, from receipt to the transport's last word on it.</summary>
    public const string ProcessSpanName = "cachesync.process";

    /// <summary>Tag value for an entity no policy knows, or a message that is not an event at all (bounded cardinality).</summary>
    public const string UnknownEntity = "unknown";

    private readonly Counter<long> _events;
    private readonly Histogram<double> _applyDuration;
    private readonly Histogram<double> _lag;
    private readonly TimeProvider _time;

    public ProcessingTelemetry(IMeterFactory meters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _time = time;
        Meter = meters.Create(Name);
        ActivitySource = new ActivitySource(Name);
        _events = Meter.CreateCounter<long>("cachesync.events", "{event}",
            "Messages by entity and outcome (applied, duplicate, stale, dead_lettered); retried counts each extra attempt.");
        _applyDuration = Meter.CreateHistogram<double>("cachesync.apply.duration", "s",
            "Time from a message's receipt to the decision on it (ack or dead letter), retries included.");
        _lag = Meter.CreateHistogram<double>("cachesync.lag", "s",
            "Time from an applied event's occurredAt (at the producer) to its application.");
    }

    /// <summary>The meter, for instruments the host adds (the DLQ depth gauge).</summary>
    public Meter Meter { get; }

    public ActivitySource ActivitySource { get; }

    /// <summary>The <c>outcome</c> tag value of a final outcome.</summary>
    public static string OutcomeTag(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Applied => "applied",
        OutcomeKind.Duplicate => "duplicate",
        OutcomeKind.Stale => "stale",
        _ => "dead_lettered",
    };

    /// <summary>The <c>entity</c> tag value: the event's entity when a policy knows it, else <see cref="UnknownEntity"/>.</summary>
    public static string EntityTag(ProcessingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Event is { } e && outcome.Reason != ProcessingReasons.UnknownEntity ? e.Entity : UnknownEntity;
    }

    /// <summary>One more attempt at a delivery that failed transiently.</summary>
    public void RecordRetry(ProcessingOutcome failed) =>
        _events.Add(1, new KeyValuePair<string, object?>("entity", EntityTag(failed)), new KeyValuePair<string, object?>("outcome", "retried"));

    /// <summary>The decision on one delivery, <paramref name="startedAt"/> being <see cref="TimeProvider.GetTimestamp"/> at receipt.</summary>
    public void RecordDecision(ProcessingOutcome outcome, long startedAt)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var entity = new KeyValuePair<string, object?>("entity", EntityTag(outcome));
        var result = new KeyValuePair<string, object?>("outcome", OutcomeTag(outcome.Kind));
        _events.Add(1, entity, result);
        _applyDuration.Record(_time.GetElapsedTime(startedAt).TotalSeconds, entity, result);
        if (outcome.Kind == OutcomeKind.Applied && outcome.Event?.OccurredAt is { } occurredAt)
        {
            // A producer clock ahead of ours would make the lag negative; it is at least zero.
            _lag.Record(Math.Max(0, (_time.GetUtcNow() - occurredAt).TotalSeconds), entity);
        }
    }

    /// <summary>A message the transport dead-lettered before it reached the rules (not JSON, not deliverable).</summary>
    public void RecordUndeliverable() =>
        _events.Add(1, new KeyValuePair<string, object?>("entity", UnknownEntity), new KeyValuePair<string, object?>("outcome", "dead_lettered"));

    public void Dispose() => ActivitySource.Dispose();
}
