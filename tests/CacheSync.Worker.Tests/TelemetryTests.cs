using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CacheSync.Contracts;
using CacheSync.Core.Processing;
using CacheSync.Worker.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CacheSync.Worker.Tests;

/// <summary>
/// The worker's metrics and spans, observed on the real worker (RabbitMQ, Redis, SQLite) with a MeterListener and an
/// ActivityListener, filtered to this test's host (its IMeterFactory) and to trace ids the test made itself.
/// </summary>
[Category("Integration")]
public sealed class TelemetryTests
{
    private sealed record Point(object? Scope, string Instrument, double Value, Dictionary<string, string?> Tags);

    [Test]
    public async Task Each_outcome_is_counted_timed_and_traced_in_the_producers_trace()
    {
        var points = new ConcurrentQueue<Point>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ProcessingTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => points.Enqueue(new Point(i.Meter.Scope, i.Name, v, ToDictionary(tags))));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => points.Enqueue(new Point(i.Meter.Scope, i.Name, v, ToDictionary(tags))));
        meters.Start();

        var spans = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ProcessingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);

        await using var harness = new WorkerHarness();
        await harness.StartAsync();
        var scope = harness.Host!.Services.GetRequiredService<IMeterFactory>();

        var key = Events.NewId();
        var applied = Events.NewId();
        var stale = Events.NewId();
        var poison = Events.NewId();
        var audit = Events.NewId();
        var parents = new Dictionary<string, ActivityContext>();

        async Task PublishTracedAsync(string name, string json, string routingKey = "user_model.upsert")
        {
            var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
            parents[name] = parent;
            await harness.PublishAsync(json, routingKey, headers: new Dictionary<string, object?>
            {
                ["traceparent"] = $"00-{parent.TraceId}-{parent.SpanId}-01",
                ["tracestate"] = "cachesync=test",
            });
            await WorkerHarness.EventuallyAsync(() => Task.FromResult(spans.Any(s => s.TraceId == parent.TraceId)), $"the span of the {name} message");
        }

        // One at a time, so that "duplicate" and "stale" are what the worker decides, not a race.
        await PublishTracedAsync("applied", Events.UserModel(applied, key, 2, "u-telemetry"));
        await PublishTracedAsync("duplicate", Events.UserModel(applied, key, 2, "u-telemetry"));
        await PublishTracedAsync("stale", Events.UserModel(stale, key, 1, "u-telemetry"));
        await PublishTracedAsync("poison",
            "{\"id\":\"" + poison + "\",\"entity\":\"user_model\",\"key\":\"" + key + "\",\"op\":\"upsert\",\"version\":3,\"data\":{\"plan\":\"free\"}}");
        await PublishTracedAsync("audit", Events.Audit(audit, Events.NewId(), 1, "login"), "audit_entry.upsert");

        var mine = points.Where(p => ReferenceEquals(p.Scope, scope)).ToList();
        var counts = mine.Where(p => p.Instrument == "cachesync.events")
            .GroupBy(p => $"{p.Tags["entity"]}/{p.Tags["outcome"]}")
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        Assert.That(counts, Is.EquivalentTo(new Dictionary<string, double>
        {
            ["user_model/applied"] = 1,
            ["user_model/duplicate"] = 1,
            ["user_model/stale"] = 1,
            ["user_model/dead_lettered"] = 1,
            ["audit_entry/applied"] = 1,
        }));

        var durations = mine.Where(p => p.Instrument == "cachesync.apply.duration").ToList();
        Assert.That(durations.Select(p => $"{p.Tags["entity"]}/{p.Tags["outcome"]}"), Is.EquivalentTo(counts.Keys));
        Assert.That(durations.Select(p => p.Value), Has.All.InRange(0.0, 30.0));

        // Only the applied user_model event said when it occurred; the audit event did not.
        var lag = mine.Where(p => p.Instrument == "cachesync.lag").ToList();
        Assert.That(lag, Has.Count.EqualTo(1));
        Assert.That(lag[0].Tags["entity"], Is.EqualTo("user_model"));
        Assert.That(lag[0].Value, Is.InRange(0.0, 30.0));

        var expected = new Dictionary<string, (string Outcome, string EventId)>
        {
            ["applied"] = ("applied", applied),
            ["duplicate"] = ("duplicate", applied),
            ["stale"] = ("stale", stale),
            ["poison"] = ("dead_lettered", poison),
            ["audit"] = ("applied", audit),
        };
        foreach (var (name, (outcome, eventId)) in expected)
        {
            var parent = parents[name];
            var span = spans.Single(s => s.TraceId == parent.TraceId);
            Assert.Multiple(() =>
            {
                Assert.That(span.OperationName, Is.EqualTo(ProcessingTelemetry.ProcessSpanName), name);
                Assert.That(span.Kind, Is.EqualTo(ActivityKind.Consumer), name);
                Assert.That(span.ParentSpanId, Is.EqualTo(parent.SpanId), name);
                Assert.That(span.TraceStateString, Is.EqualTo("cachesync=test"), name);
                Assert.That(span.GetTagItem("messaging.system"), Is.EqualTo("rabbitmq"), name);
                Assert.That(span.GetTagItem("messaging.destination.name"), Is.EqualTo(harness.Exchange), name);
                Assert.That(span.GetTagItem("cachesync.outcome"), Is.EqualTo(outcome), name);
                Assert.That(span.GetTagItem("cachesync.event_id"), Is.EqualTo(eventId), name);
                Assert.That(span.Status, Is.EqualTo(name == "poison" ? ActivityStatusCode.Error : ActivityStatusCode.Unset), name);
            });
        }

        Assert.That(spans.Single(s => s.TraceId == parents["applied"].TraceId).GetTagItem("cachesync.key"), Is.EqualTo(key));
        Assert.That(spans.Single(s => s.TraceId == parents["audit"].TraceId).GetTagItem("cachesync.entity"), Is.EqualTo("audit_entry"));

        // The gauge reads the DLQ in the background: the first collections start the read, a later one reports it.
        double? depth = null;
        await WorkerHarness.EventuallyAsync(() =>
        {
            meters.RecordObservableInstruments();
            depth = points.LastOrDefault(p => ReferenceEquals(p.Scope, scope) && p.Instrument == DeadLetterQueueDepthGauge.InstrumentName)?.Value;
            return Task.FromResult(depth == 1);
        }, "cachesync.dlq.depth to report the one dead letter");
        Assert.That((await harness.DrainDeadLettersAsync()).Single().Reason, Is.EqualTo(ProcessingReasons.ValidationFailed));
    }

    [Test]
    public async Task A_message_without_a_traceparent_starts_a_trace_of_its_own()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ProcessingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);
        await using var harness = new WorkerHarness();
        await harness.StartAsync();

        var id = Events.NewId();
        await harness.PublishAsync(Events.UserModel(id, Events.NewId(), 1, "u-1"), headers: new Dictionary<string, object?> { ["traceparent"] = "not-a-traceparent" });
        await WorkerHarness.EventuallyAsync(() => Task.FromResult(spans.Any(s => Equals(s.GetTagItem("cachesync.event_id"), id))), "the span");

        var span = spans.Single(s => Equals(s.GetTagItem("cachesync.event_id"), id));
        Assert.That(span.ParentSpanId, Is.EqualTo(default(ActivitySpanId)));
        Assert.That(span.GetTagItem("cachesync.outcome"), Is.EqualTo("applied"));
    }

    [TestCase("CacheSync:Telemetry:OtlpEndpoint", "not a uri", "CacheSync:Telemetry:OtlpEndpoint")]
    [TestCase("CacheSync:Telemetry:OtlpEndpoint", "ftp://collector:4317", "CacheSync:Telemetry:OtlpEndpoint")]
    [TestCase("CacheSync:Telemetry:OtlpProtocol", "json", "CacheSync:Telemetry:OtlpProtocol")]
    [TestCase("CacheSync:Telemetry:ServiceName", " ", "CacheSync:Telemetry:ServiceName")]
    public async Task Invalid_telemetry_setting_stops_the_worker_with_a_message_naming_it(string setting, string value, string named)
    {
        await using var harness = new WorkerHarness(s => s[setting] = value);
        var ex = Assert.ThrowsAsync<OptionsValidationException>(harness.StartAsync);
        Assert.That(ex!.Message, Does.Contain(named));
    }

    [TestCase("grpc", "http://127.0.0.1:4317")]
    [TestCase("http/protobuf", "http://127.0.0.1:4318")]
    public async Task The_worker_runs_with_an_OTLP_endpoint_even_when_no_collector_answers(string protocol, string endpoint)
    {
        await using var harness = new WorkerHarness(s =>
        {
            s["CacheSync:Telemetry:OtlpEndpoint"] = endpoint;
            s["CacheSync:Telemetry:OtlpProtocol"] = protocol;
        });
        await harness.StartAsync();
        var id = Events.NewId();
        await harness.PublishAsync(Events.UserModel(id, Events.NewId(), 1, "u-1"));
        await WorkerHarness.EventuallyAsync(() => Task.FromResult(harness.TimesApplied(id) == 1), "the event to be applied");
        Assert.That(harness.Host!.Services.GetService<MeterProvider>(), Is.Not.Null);
        Assert.That(harness.Host.Services.GetService<TracerProvider>(), Is.Not.Null);
    }

    /// <summary>The OpenTelemetry registration itself: the SDK collects the worker's meter and source (in-memory exporter).</summary>
    [Test]
    public async Task OpenTelemetry_collects_the_worker_meter_and_source()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CacheSync:RabbitMq:Uri"] = TestEnvironment.RabbitMqUri,
            ["CacheSync:RabbitMq:DeadLetterQueue"] = $"cachesync.test.{Events.NewId()}.dlq",
        }).Build();
        var metrics = new List<Metric>();
        var exported = new List<Activity>();
        var services = new ServiceCollection().AddLogging();
        services.AddOptions<Transport.RabbitMqTransportOptions>().Bind(configuration.GetSection(Transport.RabbitMqTransportOptions.SectionName));
        services.AddCacheSyncTelemetry(configuration);
        services.ConfigureOpenTelemetryMeterProvider(b => b.AddInMemoryExporter(metrics));
        services.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(exported));
        await using var provider = services.BuildServiceProvider();
        var meterProvider = provider.GetRequiredService<MeterProvider>();
        var tracerProvider = provider.GetRequiredService<TracerProvider>();
        var telemetry = provider.GetRequiredService<ProcessingTelemetry>();

        var e = new WriteEvent { Id = "e1", Entity = "user_model", Key = "k1", Op = EventOperation.Upsert, Version = 1, OccurredAt = DateTimeOffset.UtcNow };
        telemetry.RecordDecision(ProcessingOutcome.Applied(e), TimeProvider.System.GetTimestamp());
        using (telemetry.ActivitySource.StartActivity(ProcessingTelemetry.ProcessSpanName, ActivityKind.Consumer))
        {
        }

        meterProvider.ForceFlush();
        tracerProvider.ForceFlush();
        Assert.That(metrics.Select(m => m.Name), Is.SupersetOf(new[] { "cachesync.events", "cachesync.apply.duration", "cachesync.lag" }));
        Assert.That(metrics.Single(m => m.Name == "cachesync.apply.duration").Unit, Is.EqualTo("s"));
        Assert.That(exported.Select(a => a.OperationName), Does.Contain(ProcessingTelemetry.ProcessSpanName));
    }

    private static Dictionary<string, string?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags) result[tag.Key] = tag.Value?.ToString();
        return result;
    }
}
