using CacheSync.Testing.CqlPeer;
using static CacheSync.Stores.Cassandra.Tests.InteropScenarios;

namespace CacheSync.Stores.Cassandra.Tests.Interop;

/// <summary>
/// The peer's script for every scenario of <see cref="InteropScenarios"/>: metadata for each PREPARE, the rows,
/// and the error each "cachesync.&lt;error&gt;" statement stands for. One instance per peer (it remembers that the
/// first EXECUTE of the unprepared statement was refused).
/// </summary>
public sealed class InteropResponder
{
    private static readonly ColumnSpec Key = new("key", CqlType.Text);
    private int _unpreparedExecutes;

    public static IReadOnlyList<ColumnSpec> UpsertBindVariableSpecs { get; } =
        UpsertBindVariables.Select(v => new ColumnSpec(v.Name, TypeNamed(v.Type))).ToArray();

    public static IReadOnlyList<ColumnSpec> SelectRowsColumnSpecs { get; } =
        SelectRowsColumns.Select(c => new ColumnSpec(c.Name, TypeNamed(c.Type))).ToArray();

    /// <summary>How many EXECUTEs of the unprepared statement arrived (the first one is refused).</summary>
    public int UnpreparedExecutes => Volatile.Read(ref _unpreparedExecutes);

    public static CqlType TypeNamed(string name) => name switch
    {
        "text" or "varchar" => CqlType.Text,
        "ascii" => CqlType.Ascii,
        "bigint" => CqlType.Bigint,
        "int" => CqlType.Int,
        "boolean" => CqlType.Boolean,
        "blob" => CqlType.Blob,
        "timestamp" => CqlType.Timestamp,
        "uuid" => CqlType.Uuid,
        "timeuuid" => CqlType.Timeuuid,
        "double" => CqlType.Double,
        "inet" => CqlType.Inet,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no CqlType for this name"),
    };

    public PeerReply? Answer(PeerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Opcode switch
        {
            CqlOpcode.Prepare => Prepare(request.Query!),
            CqlOpcode.Execute => Execute(request),
            CqlOpcode.Query => Query(request.Query!),
            _ => null, // BATCH and anything else: the peer's default (Void for writes).
        };
    }

    private static PeerReply Prepare(string query)
    {
        if (query == Upsert)
        {
            return PeerReply.Prepared(Keyspace, Table, UpsertBindVariableSpecs, partitionKeyIndexes: [0]);
        }

        if (query == SelectRows)
        {
            return PeerReply.Prepared(Keyspace, Table, [Key], partitionKeyIndexes: [0], resultColumns: SelectRowsColumnSpecs);
        }

        if (query == ErrorStatement("syntax"))
        {
            // Cassandra rejects bad syntax when preparing, not when executing.
            return PeerReply.SyntaxError("line 1:12 no viable alternative at input 'syntax'");
        }

        if (query == ErrorStatement("read_timeout"))
        {
            return PeerReply.Prepared(Keyspace, "read_timeout", [Key], [0], resultColumns: [Key]);
        }

        var table = ErrorTables.Append("unprepared").FirstOrDefault(t => query == ErrorStatement(t));
        return table is null
            ? PeerReply.Invalid($"unexpected PREPARE {query}")
            : PeerReply.Prepared(Keyspace, table, [Key], [0]);
    }

    private PeerReply? Execute(PeerRequest request)
    {
        var query = request.Query;
        if (query == SelectRows)
        {
            return PeerReply.Rows(Keyspace, Table, SelectRowsColumnSpecs, [SelectRowsFirst, SelectRowsSecond]);
        }

        if (query == UnpreparedInsert)
        {
            // The first time, pretend the node forgot the statement; the driver must re-prepare and execute again.
            return Interlocked.Increment(ref _unpreparedExecutes) == 1 ? PeerReply.Unprepared(request.PreparedId!) : PeerReply.Void();
        }

        var local = CqlConsistency.LocalQuorum;
        return ErrorTables.FirstOrDefault(t => query == ErrorStatement(t)) switch
        {
            "unavailable" => PeerReply.Unavailable(local, required: 2, alive: 1),
            "overloaded" => PeerReply.Overloaded(),
            "bootstrapping" => PeerReply.IsBootstrapping(),
            "write_timeout" => PeerReply.WriteTimeout(local, received: 1, blockFor: 2, writeType: "SIMPLE"),
            "read_timeout" => PeerReply.ReadTimeout(local, received: 1, blockFor: 2, dataPresent: false),
            "invalid" => PeerReply.Invalid("Invalid STRING constant (k) for \"key\" of type int"),
            "unauthorized" => PeerReply.Unauthorized("User cachesync has no MODIFY permission on <table cachesync.unauthorized> or any of its parents"),
            _ => null, // The upsert: Void by default.
        };
    }

    private static PeerReply? Query(string query) => query switch
    {
        CreateExistingTable => PeerReply.AlreadyExists(Keyspace, "already_exists"),
        CreateKeyspace => PeerReply.SchemaChange("CREATED", "KEYSPACE", Keyspace),
        CreateTable => PeerReply.SchemaChange("CREATED", "TABLE", Keyspace, Table),
        _ => null,
    };
}
