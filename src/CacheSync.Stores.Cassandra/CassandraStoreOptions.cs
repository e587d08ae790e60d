using System.Text.RegularExpressions;
using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra;

/// <summary>The <c>CacheSync:Cassandra</c> section: how to reach the cluster, and how records map to tables.</summary>
public sealed partial class CassandraStoreOptions
{
    public const string SectionName = "CacheSync:Cassandra";

    /// <summary><c>host</c> or <c>host:port</c> of each node to use, e.g. <c>cassandra-0:9042</c>. At least one.</summary>
    public IList<string> ContactPoints { get; } = [];

    /// <summary>The port of a contact point that names none.</summary>
    public int Port { get; set; } = 9042;

    /// <summary>The keyspace of the record tables (named statements name their own tables).</summary>
    public string Keyspace { get; set; } = "cachesync";

    /// <summary>For PasswordAuthenticator; both or neither. Never logged.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Of every read and write: LocalQuorum (default), Quorum, LocalOne, One, All, EachQuorum…</summary>
    public string Consistency { get; set; } = nameof(Cql.Consistency.LocalQuorum);

    /// <summary>Of conditional statements only (a named statement with IF): LocalSerial (default) or Serial.</summary>
    public string SerialConsistency { get; set; } = nameof(Cql.Consistency.LocalSerial);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one request may wait for its answer before it fails (and is retried by the worker).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests in flight at once on one node's connection (stream ids; the protocol allows 32,768).</summary>
    public int MaxRequestsPerConnection { get; set; } = 1024;

    /// <summary>First pause before reconnecting to a node that failed; doubles per failure up to ReconnectMaxDelay.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    public CassandraTlsOptions Tls { get; set; } = new();

    /// <summary>Create the keyspace and record tables at start-up when missing (CREATE … IF NOT EXISTS). Off by default: schema is an operator's decision.</summary>
    public bool CreateSchema { get; set; }

    /// <summary>The keyspace's replication, used only by <see cref="CreateSchema"/>.</summary>
    public CassandraReplicationOptions Replication { get; set; } = new();

    /// <summary>Per table: the CQL statements to run instead of the built-in record table (see README, "Named statements").</summary>
    public IDictionary<string, CassandraStatementOptions> Statements { get; } = new Dictionary<string, CassandraStatementOptions>(StringComparer.Ordinal);

    internal Consistency ParsedConsistency => ParseConsistency(Consistency)!.Value;

    internal Consistency ParsedSerialConsistency => ParseConsistency(SerialConsistency)!.Value;

    /// <summary>Every problem with these settings, each naming its setting; empty when they are usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (ContactPoints.Count == 0) yield return $"{SectionName}:ContactPoints: name at least one node (host or host:port).";
        foreach (var (point, i) in ContactPoints.Select((p, i) => (p, i)))
        {
            string? error = null;
            try
            {
                CqlSession.ParseContactPoint(point, Port);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                error = e.Message;
            }

            if (error is not null) yield return $"{SectionName}:ContactPoints:{i}: {error}";
        }

        if (Port is <= 0 or > 65535) yield return $"{SectionName}:Port: must be between 1 and 65535, not {Port}.";
        if (!IdentifierPattern().IsMatch(Keyspace ?? string.Empty)) yield return $"{SectionName}:Keyspace: '{Keyspace}' must match {IdentifierPattern()}.";
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password)) yield return $"{SectionName}:Username/Password: give both or neither.";
        if (ParseConsistency(Consistency) is null or Cql.Consistency.Serial or Cql.Consistency.LocalSerial or Cql.Consistency.Any)
        {
            yield return $"{SectionName}:Consistency: '{Consistency}' is not a consistency for reads and writes (LocalQuorum, Quorum, LocalOne, One, Two, Three, All, EachQuorum).";
        }

        if (ParseConsistency(SerialConsistency) is not (Cql.Consistency.Serial or Cql.Consistency.LocalSerial))
        {
            yield return $"{SectionName}:SerialConsistency: '{SerialConsistency}' must be Serial or LocalSerial.";
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > TimeSpan.FromMinutes(5)) yield return $"{SectionName}:ConnectTimeout: must be between 0 and 00:05:00, not {ConnectTimeout}.";
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(5)) yield return $"{SectionName}:RequestTimeout: must be between 0 and 00:05:00, not {RequestTimeout}.";
        if (MaxRequestsPerConnection is < 1 or > CqlConnectionSettings.ProtocolStreamLimit)
        {
            yield return $"{SectionName}:MaxRequestsPerConnection: must be between 1 and {CqlConnectionSettings.ProtocolStreamLimit}, not {MaxRequestsPerConnection}.";
        }

        if (ReconnectBaseDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectBaseDelay)
        {
            yield return $"{SectionName}:ReconnectBaseDelay/ReconnectMaxDelay: need 0 < base <= max, not {ReconnectBaseDelay} and {ReconnectMaxDelay}.";
        }

        foreach (var error in Tls.Validate($"{SectionName}:Tls")) yield return error;
        foreach (var error in Replication.Validate($"{SectionName}:Replication")) yield return error;
        foreach (var (table, statements) in Statements)
        {
            var path = $"{SectionName}:Statements:{table}";
            if (statements is null)
            {
                yield return $"{path}: the entry is empty.";
                continue;
            }

            foreach (var error in statements.Validate(path)) yield return error;
        }
    }

    /// <summary>By name only (LocalQuorum, LOCAL_QUORUM or local_quorum); numbers are refused so a typo cannot pick a level.</summary>
    internal static Consistency? ParseConsistency(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsDigit) || text.Contains(',', StringComparison.Ordinal)) return null;
        return Enum.TryParse<Consistency>(text.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var level) ? level : null;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,47}$")]
    internal static partial Regex IdentifierPattern();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,47}$")]
    internal static partial Regex LowercaseIdentifierPattern();
}
