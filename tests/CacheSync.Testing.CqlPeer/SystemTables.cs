using System.Net;
using System.Text.RegularExpressions;

namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// The peer's answers to the topology queries drivers run at connect time: system.local (one row describing
/// this node), system.peers and system.peers_v2 (no rows: a single-node cluster). Column names and types are
/// those of Cassandra 4.1, so a driver that reads only some of them, or selects a few, is satisfied.
/// </summary>
internal static partial class SystemTables
{
    private const string Keyspace = "system";

    private static readonly ColumnSpec[] PeersColumns =
    [
        new("peer", CqlType.Inet),
        new("data_center", CqlType.Text),
        new("host_id", CqlType.Uuid),
        new("preferred_ip", CqlType.Inet),
        new("rack", CqlType.Text),
        new("release_version", CqlType.Text),
        new("rpc_address", CqlType.Inet),
        new("schema_version", CqlType.Uuid),
        new("tokens", CqlType.SetOf(CqlType.Text)),
    ];

    private static readonly ColumnSpec[] PeersV2Columns =
    [
        new("peer", CqlType.Inet),
        new("peer_port", CqlType.Int),
        new("data_center", CqlType.Text),
        new("host_id", CqlType.Uuid),
        new("native_address", CqlType.Inet),
        new("native_port", CqlType.Int),
        new("preferred_ip", CqlType.Inet),
        new("preferred_port", CqlType.Int),
        new("rack", CqlType.Text),
        new("release_version", CqlType.Text),
        new("schema_version", CqlType.Uuid),
        new("tokens", CqlType.SetOf(CqlType.Text)),
    ];

    /// <summary>True when the QUERY is a SELECT on one of the tables above; then <paramref name="reply"/> answers it.</summary>
    public static bool TryAnswer(string query, PeerOptions options, int port, out PeerReply? reply)
    {
        reply = null;
        var match = SelectFromSystem().Match(query);
        if (!match.Success)
        {
            return false;
        }

        var table = match.Groups["table"].Value.ToLowerInvariant();
        (ColumnSpec Column, object? Value)[] all = table switch
        {
            "local" => LocalRow(options, port),
            "peers" => PeersColumns.Select(c => (c, (object?)null)).ToArray(),
            _ => PeersV2Columns.Select(c => (c, (object?)null)).ToArray(),
        };

        if (table == "peers_v2" && !options.HasPeersV2)
        {
            reply = PeerReply.Invalid("unconfigured table peers_v2");
            return true;
        }

        // Project the selected columns ("*" or a plain comma list; no aliases or functions needed here).
        var selection = match.Groups["columns"].Value.Trim();
        var selected = new List<(ColumnSpec Column, object? Value)>();
        if (selection == "*")
        {
            selected.AddRange(all);
        }
        else
        {
            foreach (var name in selection.Split(',', StringSplitOptions.TrimEntries))
            {
                var found = all.Where(c => string.Equals(c.Column.Name, name.Trim('"'), StringComparison.OrdinalIgnoreCase)).ToArray();
                if (found.Length == 0)
                {
                    reply = PeerReply.Invalid($"Undefined column name {name} in table system.{table}");
                    return true;
                }

                selected.Add(found[0]);
            }
        }

        var columns = selected.Select(c => c.Column).ToArray();
        IEnumerable<IReadOnlyList<object?>> rows = table == "local" ? [selected.Select(c => c.Value).ToArray()] : [];
        reply = PeerReply.Rows(Keyspace, table, columns, rows);
        return true;
    }

    private static (ColumnSpec Column, object? Value)[] LocalRow(PeerOptions o, int port) =>
    [
        (new("key", CqlType.Text), "local"),
        (new("bootstrapped", CqlType.Text), "COMPLETED"),
        (new("broadcast_address", CqlType.Inet), IPAddress.Loopback),
        (new("broadcast_port", CqlType.Int), 7000),
        (new("cluster_name", CqlType.Text), o.ClusterName),
        (new("cql_version", CqlType.Text), o.CqlVersion),
        (new("data_center", CqlType.Text), o.DataCenter),
        (new("host_id", CqlType.Uuid), o.HostId),
        (new("listen_address", CqlType.Inet), IPAddress.Loopback),
        (new("listen_port", CqlType.Int), 7000),
        (new("native_protocol_version", CqlType.Text), "4"),
        (new("partitioner", CqlType.Text), o.Partitioner),
        (new("rack", CqlType.Text), o.Rack),
        (new("release_version", CqlType.Text), o.ReleaseVersion),
        (new("rpc_address", CqlType.Inet), IPAddress.Loopback),
        (new("rpc_port", CqlType.Int), port),
        (new("schema_version", CqlType.Uuid), o.SchemaVersion),
        (new("tokens", CqlType.SetOf(CqlType.Text)), o.Tokens),
    ];

    [GeneratedRegex(@"^\s*SELECT\s+(?<columns>.+?)\s+FROM\s+""?system""?\.""?(?<table>local|peers_v2|peers)""?(\s|;|$)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex SelectFromSystem();
}
