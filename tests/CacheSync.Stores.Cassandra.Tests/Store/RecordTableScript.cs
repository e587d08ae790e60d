using System.Collections.Concurrent;
using Peer = CacheSync.Testing.CqlPeer;

namespace CacheSync.Stores.Cassandra.Tests.Store;

/// <summary>
/// The peer's script for the built-in record table of <c>cachesync.user_model</c>: prepared metadata as Cassandra
/// reports it, and, for each read, the row the test put in <see cref="Rows"/>. It does not apply writes (the peer
/// verifies requests; it is not a database): tests set the row a read should find.
/// </summary>
internal sealed class RecordTableScript
{
    public const string Keyspace = "cachesync";
    public const string Table = "user_model";
    public const string Read = "SELECT version, data, deleted, replaced_data FROM \"cachesync\".\"user_model\" WHERE key = ?";
    public const string Write = "UPDATE \"cachesync\".\"user_model\" USING TIMESTAMP ? SET version = ?, data = ?, deleted = ?, replaced_data = ? WHERE key = ?";
    public const string CreateKeyspace = "CREATE KEYSPACE IF NOT EXISTS \"cachesync\" WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";
    public const string CreateTable = "CREATE TABLE IF NOT EXISTS \"cachesync\".\"user_model\" (key text PRIMARY KEY, version bigint, data text, deleted boolean, replaced_data text)";

    public static readonly Peer.ColumnSpec[] RecordColumns =
    [
        new("version", Peer.CqlType.Bigint), new("data", Peer.CqlType.Text), new("deleted", Peer.CqlType.Boolean), new("replaced_data", Peer.CqlType.Text),
    ];

    public static readonly Peer.ColumnSpec[] WriteVariables =
    [
        new("[timestamp]", Peer.CqlType.Bigint), new("version", Peer.CqlType.Bigint), new("data", Peer.CqlType.Text),
        new("deleted", Peer.CqlType.Boolean), new("replaced_data", Peer.CqlType.Text), new("key", Peer.CqlType.Text),
    ];

    /// <summary>key → (version, data, deleted, replaced_data): what a read of that key finds.</summary>
    public ConcurrentDictionary<string, object?[]> Rows { get; } = new();

    /// <summary>Answers a write with this reply instead of Void (an error, say); null for Void.</summary>
    public Func<Peer.PeerReply?>? WriteReply { get; set; }

    public Peer.PeerReply? Answer(Peer.PeerRequest request)
    {
        switch (request.Opcode)
        {
            case Peer.CqlOpcode.Query when request.Query == CreateKeyspace:
                return Peer.PeerReply.SchemaChange("CREATED", "KEYSPACE", Keyspace);
            case Peer.CqlOpcode.Query when request.Query == CreateTable:
                return Peer.PeerReply.SchemaChange("CREATED", "TABLE", Keyspace, Table);
            case Peer.CqlOpcode.Prepare when request.Query == Read:
                return Peer.PeerReply.Prepared(Keyspace, Table, [new("key", Peer.CqlType.Text)], [0], RecordColumns);
            case Peer.CqlOpcode.Prepare when request.Query == Write:
                return Peer.PeerReply.Prepared(Keyspace, Table, WriteVariables, [5]);
            case Peer.CqlOpcode.Execute when request.Query == Read:
                var key = (string)Peer.CqlValueCodec.Decode(Peer.CqlType.Text, request.Parameters!.Values[0].Bytes)!;
                return Peer.PeerReply.Rows(Keyspace, Table, RecordColumns, Rows.TryGetValue(key, out var row) ? [row] : []);
            case Peer.CqlOpcode.Execute when request.Query == Write:
                return WriteReply?.Invoke() ?? Peer.PeerReply.Void();
            default:
                return Peer.PeerReply.Invalid($"the script has no answer for {request}");
        }
    }
}
