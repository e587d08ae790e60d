using System.Net.Security;

namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>What one connection needs to open and authenticate. A class, not a record: its text must never show the password.</summary>
public sealed class CqlConnectionSettings
{
    public const int ProtocolStreamLimit = 32768;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Null for plain TCP; otherwise the TLS options for a node, given its host name.</summary>
    public Func<string, SslClientAuthenticationOptions>? Tls { get; init; }

    /// <summary>Stream ids in use at once on one connection; the protocol allows 32,768.</summary>
    public int MaxRequestsPerConnection { get; init; } = 1024;

    /// <summary>Sent in STARTUP so operators can tell this client in <c>system_views.clients</c>.</summary>
    public string DriverName { get; init; } = "CacheSync";

    public string DriverVersion { get; init; } = typeof(CqlConnectionSettings).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
