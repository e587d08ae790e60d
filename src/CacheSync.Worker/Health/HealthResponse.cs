using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CacheSync.Worker.Health;

/// <summary>
/// The JSON bodies of the endpoints: <c>{"status":"Healthy"}</c> for liveness, and for readiness
/// <c>{"status":"Healthy|Unhealthy","checks":{"rabbitmq":{"status":…,"description":…},"redis":{…},"store":{…}}}</c>.
/// Anything short of Healthy (a Degraded check included) makes the whole report Unhealthy.
/// </summary>
internal static class HealthResponse
{
    public const string Healthy = "Healthy";

    public const string Unhealthy = "Unhealthy";

    public static byte[] Live() => Write(writer => writer.WriteString("status", Healthy));

    public static bool IsHealthy(HealthReport report) =>
        report.Entries.Count > 0 && report.Entries.Values.All(e => e.Status == HealthStatus.Healthy);

    public static byte[] Ready(HealthReport report) => Write(writer =>
    {
        writer.WriteString("status", IsHealthy(report) ? Healthy : Unhealthy);
        writer.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", entry.Status == HealthStatus.Healthy ? Healthy : Unhealthy);
            writer.WriteString("description", entry.Description ?? entry.Status.ToString());
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static readonly byte[] NotFound = Encoding.UTF8.GetBytes("""{"status":"NotFound"}""");
}
