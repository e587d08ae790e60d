using System.Globalization;
using System.Net;

namespace CacheSync.Worker.Health;

/// <summary>The <c>CacheSync:Health</c> section: the worker's liveness and readiness endpoints.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "CacheSync:Health";

    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Serve <c>/health/live</c> and <c>/health/ready</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The HTTP port of the endpoints.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>The address to listen on: <c>0.0.0.0</c> (every interface), an IP address, or a host name.</summary>
    public string Bind { get; set; } = "0.0.0.0";

    /// <summary>How long one readiness check (rabbitmq, redis, store) may take before it counts as unhealthy.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The <see cref="HttpListener"/> prefix: <c>http://*:8080/</c> for every interface.</summary>
    internal string Prefix
    {
        get
        {
            var port = Port.ToString(CultureInfo.InvariantCulture);
            var bind = Bind.Trim();
            if (bind is "0.0.0.0" or "::" or "*" or "+") return $"http://*:{port}/";
            return IPAddress.TryParse(bind, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? $"http://[{address}]:{port}/"
                : $"http://{bind}:{port}/";
        }
    }

    internal IEnumerable<string> Validate()
    {
        if (Port is < 1 or > 65535) yield return $"{SectionName}:Port: must be between 1 and 65535, not {Port}.";
        if (string.IsNullOrWhiteSpace(Bind))
        {
            yield return $"{SectionName}:Bind: must not be empty (0.0.0.0 listens on every interface).";
        }
        else if (Bind.Trim() is not ("*" or "+") && !IPAddress.TryParse(Bind.Trim(), out _) && Uri.CheckHostName(Bind.Trim()) != UriHostNameType.Dns)
        {
            yield return $"{SectionName}:Bind: '{Bind}' is not an IP address or a host name.";
        }

        if (Timeout < MinTimeout || Timeout > MaxTimeout)
        {
            yield return $"{SectionName}:Timeout: must be between {MinTimeout} and {MaxTimeout}, not {Timeout}.";
        }
    }
}
