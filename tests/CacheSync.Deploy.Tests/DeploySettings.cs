using System.Globalization;
using CacheSync.Worker.Transport;

namespace CacheSync.Deploy.Tests;

/// <summary>Values the deploy files give the worker, falling back to the option classes' own defaults.</summary>
internal static class DeploySettings
{
    public const int DefaultHealthPort = 8080;   // CacheSync:Health:Port, per the health endpoints' spec

    public static string? Get(IReadOnlyDictionary<string, string> env, string key) =>
        env.FirstOrDefault(p => string.Equals(p.Key, key.Replace(":", "__", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)).Value;

    public static TimeSpan DrainTimeout(IReadOnlyDictionary<string, string> env) =>
        Get(env, $"{RabbitMqTransportOptions.SectionName}:{nameof(RabbitMqTransportOptions.DrainTimeout)}") is { } text
            ? TimeSpan.Parse(text, CultureInfo.InvariantCulture)
            : new RabbitMqTransportOptions().DrainTimeout;

    public static string Queue(IReadOnlyDictionary<string, string> env) =>
        Get(env, $"{RabbitMqTransportOptions.SectionName}:{nameof(RabbitMqTransportOptions.Queue)}") ?? new RabbitMqTransportOptions().Queue;

    public static int HealthPort(IReadOnlyDictionary<string, string> env) =>
        Get(env, "CacheSync:Health:Port") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : DefaultHealthPort;

    /// <summary>The worker's host waits the drain plus this before giving up (Program.cs: ShutdownTimeout).</summary>
    public static readonly TimeSpan HostShutdownMargin = TimeSpan.FromSeconds(20);

    /// <summary>A compose duration: 45s, 1m30s, 500ms.</summary>
    public static TimeSpan ComposeDuration(string text)
    {
        var total = TimeSpan.Zero;
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"(\d+(?:\.\d+)?)(ms|us|h|m|s)"))
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(n), "m" => TimeSpan.FromMinutes(n), "s" => TimeSpan.FromSeconds(n),
                "ms" => TimeSpan.FromMilliseconds(n), _ => TimeSpan.FromTicks((long)(n * 10)),
            };
        }

        return total;
    }
}
