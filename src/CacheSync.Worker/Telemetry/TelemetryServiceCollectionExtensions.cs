using CacheSync.Core;
using CacheSync.Core.Processing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CacheSync.Worker.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The meter of the producer library, exported too when a host publishes as well.</summary>
    private const string PublisherMeterName = "CacheSync.Publisher";

    /// <summary>
    /// The worker's metrics and traces (<see cref="ProcessingTelemetry"/>, the DLQ depth gauge), collected by
    /// OpenTelemetry, and exported over OTLP when <c>CacheSync:Telemetry:OtlpEndpoint</c> is set.
    /// </summary>
    public static IServiceCollection AddCacheSyncTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection(TelemetryOptions.SectionName))
            .ValidateEach(o => o.Validate())
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProcessingTelemetry>();
        services.TryAddSingleton<DeadLetterQueueDepthGauge>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadLetterQueueDepthGauge>());

        // What to export is decided while the host is built; a bad setting is reported by the validation above
        // (at start-up, naming it), so here it only turns the exporter off.
        var settings = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                string.IsNullOrWhiteSpace(settings.ServiceName) ? new TelemetryOptions().ServiceName : settings.ServiceName))
            .WithMetrics(metrics => metrics.AddMeter(ProcessingTelemetry.Name, PublisherMeterName))
            .WithTracing(tracing => tracing.AddSource(ProcessingTelemetry.Name));
        if (settings.ExportEnabled && Uri.TryCreate(settings.OtlpEndpoint, UriKind.Absolute, out var endpoint))
        {
            builder.UseOtlpExporter(
                settings.OtlpProtocol == TelemetryOptions.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc,
                endpoint);
        }

        return services;
    }
}
