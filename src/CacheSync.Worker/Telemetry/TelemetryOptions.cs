namespace CacheSync.Worker.Telemetry;

/// <summary>The <c>CacheSync:Telemetry</c> section: where metrics and traces go (OpenTelemetry, OTLP).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "CacheSync:Telemetry";

    public const string Grpc = "grpc";

    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The OTLP collector, e.g. <c>http://otel-collector:4317</c>; empty turns the export off.</summary>
    public string OtlpEndpoint { get; set; } = string.Empty;

    /// <summary><c>grpc</c> (port 4317 by convention) or <c>http/protobuf</c> (4318; the signal paths are appended).</summary>
    public string OtlpProtocol { get; set; } = Grpc;

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; set; } = "cachesync-worker";

    /// <summary>True when an endpoint is set: the OTLP exporter runs.</summary>
    public bool ExportEnabled => !string.IsNullOrWhiteSpace(OtlpEndpoint);

    internal IEnumerable<string> Validate()
    {
        if (ExportEnabled &&
            (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return $"{SectionName}:OtlpEndpoint: '{OtlpEndpoint}' is not an http:// or https:// URI (leave it empty to turn the export off).";
        }

        if (OtlpProtocol is not (Grpc or HttpProtobuf))
        {
            yield return $"{SectionName}:OtlpProtocol: must be '{Grpc}' or '{HttpProtobuf}', not '{OtlpProtocol}'.";
        }

        if (string.IsNullOrWhiteSpace(ServiceName)) yield return $"{SectionName}:ServiceName: must not be empty.";
    }
}
