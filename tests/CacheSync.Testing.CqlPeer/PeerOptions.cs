namespace CacheSync.Testing.CqlPeer;

/// <summary>How a <see cref="ScriptedCqlPeer"/> presents itself and answers what it does not answer by itself.</summary>
public sealed record PeerOptions
{
    /// <summary>
    /// Answers every request the peer does not handle itself (PREPARE, EXECUTE, BATCH, and QUERY other than the
    /// system tables and USE). Returning null means the default: Void for a write, Invalid otherwise.
    /// </summary>
    public Func<PeerRequest, PeerReply?>? Responder { get; init; }

    /// <summary>The loopback port to listen on; 0 (the default) takes a free one. A fixed port lets a test restart a peer where a client expects it.</summary>
    public int Port { get; init; }

    /// <summary>When set, STARTUP is answered with AUTHENTICATE and only these SASL PLAIN credentials pass.</summary>
    public PeerCredentials? RequiredCredentials { get; init; }

    public string Authenticator { get; init; } = "org.apache.cassandra.auth.PasswordAuthenticator";

    public string ClusterName { get; init; } = "CacheSync Test Cluster";

    public string DataCenter { get; init; } = "dc1";

    public string Rack { get; init; } = "rack1";

    public string ReleaseVersion { get; init; } = "4.1.3";

    /// <summary>The CQL language version the peer advertises (SUPPORTED and system.local).</summary>
    public string CqlVersion { get; init; } = "3.4.5";

    public string Partitioner { get; init; } = "org.apache.cassandra.dht.Murmur3Partitioner";

    public Guid HostId { get; init; } = Guid.Parse("2e5bd3f5-7c62-4d8a-9c3a-6d5e0cbb0001");

    public Guid SchemaVersion { get; init; } = Guid.Parse("aac0b0e4-1f64-3e2c-9e1b-4b6c39e7d0a1");

    /// <summary>A single-node ring: one token owns everything.</summary>
    public IReadOnlyList<string> Tokens { get; init; } = ["-9223372036854775808"];

    /// <summary>
    /// Cassandra 4 has system.peers_v2 (empty on a single node); Cassandra 3 answers it with Invalid
    /// "unconfigured table peers_v2". False imitates the latter.
    /// </summary>
    public bool HasPeersV2 { get; init; } = true;

    /// <summary>Honour Skip_metadata (flag 0x02) by sending Rows with No_metadata, as Cassandra does.</summary>
    public bool HonorSkipMetadata { get; init; } = true;
}
