using System.Collections.Concurrent;

namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// A peer script for CacheSync's built-in record tables (<c>key, version, data, deleted, replaced_data</c>): the
/// statements the store is expected to send, their prepared metadata as Cassandra reports it, and for each read the
/// row a test put in <see cref="Rows"/>. It does not apply writes (the peer verifies requests; it is not a
/// database): a test sets the row a read should find. Anything unexpected is answered Invalid, so a wrong
/// statement fails the test that sent it.
/// </summary>
public sealed class RecordTableScript
{
    public static readonly ColumnSpec[] RecordColumns =
    [
        new("version", CqlType.Bigint), new("data", CqlType.Text), new("deleted", CqlType.Boolean), new("replaced_data", CqlType.Text),
    ];

    public static readonly ColumnSpec[] WriteVariables =
    [
        new("[timestamp]", CqlType.Bigint), new("version", CqlType.Bigint), new("data", CqlType.Text),
        new("deleted", CqlType.Boolean), new("replaced_data", CqlType.Text), new("key", CqlType.Text),
    ];

    private readonly string[] _tables;

    public RecordTableScript(string keyspace, params string[] tables)
    {
        Keyspace = keyspace;
        _tables = tables;
    }

    public string Keyspace { get; }

    public string CreateKeyspace => $"CREATE KEYSPACE IF NOT EXISTS \"{Keyspace}\" WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}";

    /// <summary>(table, key) → (version, data, deleted, replaced_data): what a read of that key finds.</summary>
    public ConcurrentDictionary<(string Table, string Key), object?[]> Rows { get; } = new();

    /// <summary>Answers a write with this reply instead of Void (an error, say); null for Void.</summary>
    public Func<PeerRequest, PeerReply?>? WriteReply { get; set; }

    public string Read(string table) => $"SELECT version, data, deleted, replaced_data FROM \"{Keyspace}\".\"{table}\" WHERE key = ?";

    public string Write(string table) =>
        $"UPDATE \"{Keyspace}\".\"{table}\" USING TIMESTAMP ? SET version = ?, data = ?, deleted = ?, replaced_data = ? WHERE key = ?";

    public string CreateTable(string table) =>
        $"CREATE TABLE IF NOT EXISTS \"{Keyspace}\".\"{table}\" (key text PRIMARY KEY, version bigint, data text, deleted boolean, replaced_data text)";

    /// <summary>The table a request's statement is about, when it is one of the store's.</summary>
    public string? TableOf(PeerRequest request) =>
        _tables.FirstOrDefault(t => request.Query == Read(t) || request.Query == Write(t) || request.Query == CreateTable(t));

    public bool IsWrite(PeerRequest request) => request.Opcode == CqlOpcode.Execute && TableOf(request) is { } t && request.Query == Write(t);

    /// <summary>A write's values decoded: USING TIMESTAMP, version, data, deleted, replaced_data, key.</summary>
    public static object?[] WriteValues(PeerRequest request) =>
        request.Parameters!.Values.Select((v, i) => CqlValueCodec.Decode(WriteVariables[i].Type, v.Bytes)).ToArray();

    public PeerReply? Answer(PeerRequest request)
    {
        if (request.Opcode == CqlOpcode.Query && request.Query == CreateKeyspace) return PeerReply.SchemaChange("CREATED", "KEYSPACE", Keyspace);
        var table = TableOf(request);
        if (table is null) return PeerReply.Invalid($"the script has no answer for {request}");
        switch (request.Opcode)
        {
            case CqlOpcode.Query when request.Query == CreateTable(table):
                return PeerReply.SchemaChange("CREATED", "TABLE", Keyspace, table);
            case CqlOpcode.Prepare when request.Query == Read(table):
                return PeerReply.Prepared(Keyspace, table, [new("key", CqlType.Text)], [0], RecordColumns);
            case CqlOpcode.Prepare when request.Query == Write(table):
                return PeerReply.Prepared(Keyspace, table, WriteVariables, [5]);
            case CqlOpcode.Execute when request.Query == Read(table):
                var key = (string)CqlValueCodec.Decode(CqlType.Text, request.Parameters!.Values[0].Bytes)!;
                return PeerReply.Rows(Keyspace, table, RecordColumns, Rows.TryGetValue((table, key), out var row) ? [row] : []);
            case CqlOpcode.Execute when request.Query == Write(table):
                return WriteReply?.Invoke(request) ?? PeerReply.Void();
            default:
                return PeerReply.Invalid($"the script has no answer for {request}");
        }
    }
}
