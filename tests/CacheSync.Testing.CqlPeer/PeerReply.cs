using System.Globalization;

namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// What the peer sends back for one request: an opcode and a body, built per spec section 4.2, plus an optional
/// delay (to send replies out of order and prove the client matches them by stream id) and optional warnings
/// (frame flag 0x08). A body is encoded when sent, because two details depend on the request: a Rows result
/// drops its metadata when the request asked for Skip_metadata, and a Prepared result takes the peer's id.
/// </summary>
public sealed class PeerReply
{
    // Result kinds of spec 4.2.5.
    private const int VoidKind = 0x0001;
    private const int RowsKind = 0x0002;
    private const int SetKeyspaceKind = 0x0003;
    private const int PreparedKind = 0x0004;
    private const int SchemaChangeKind = 0x0005;

    // Rows/Prepared metadata flags of spec 4.2.5.2 and 4.2.5.4.
    private const int GlobalTablesSpecFlag = 0x0001;
    private const int HasMorePagesFlag = 0x0002;
    private const int NoMetadataFlag = 0x0004;

    private readonly Action<WireWriter, ReplyContext> _writeBody;

    private PeerReply(byte opcode, string description, Action<WireWriter, ReplyContext> writeBody)
    {
        Opcode = opcode;
        Description = description;
        _writeBody = writeBody;
    }

    public byte Opcode { get; }

    /// <summary>Human-readable summary, for failure messages.</summary>
    public string Description { get; }

    /// <summary>How long the peer waits before writing this reply; other requests on the connection go on meanwhile.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>Server warnings: sent as a [string list] ahead of the body with frame flag 0x08.</summary>
    public IReadOnlyList<string> Warnings { get; private init; } = [];

    /// <summary>For a Prepared reply: the id the test chose, or null to let the peer derive it from the query.</summary>
    public byte[]? ExplicitPreparedId { get; private init; }

    public bool IsPrepared { get; private init; }

    /// <summary>True for an ERROR reply.</summary>
    public bool IsError => Opcode == CqlOpcode.Error;

    public PeerReply WithDelay(TimeSpan delay) => Copy(delay, Warnings);

    public PeerReply WithWarnings(params string[] warnings) => Copy(Delay, warnings);

    public override string ToString() => Description;

    // ---- RESULT ----

    public static PeerReply Void() => Result("RESULT Void", (w, _) => w.WriteInt(VoidKind));

    public static PeerReply SetKeyspace(string keyspace) =>
        Result($"RESULT Set_keyspace {keyspace}", (w, _) => w.WriteInt(SetKeyspaceKind).WriteString(keyspace));

    /// <summary>
    /// Schema_change (spec 4.2.5.5): change_type CREATED/UPDATED/DROPPED, target KEYSPACE or TABLE (or TYPE),
    /// then the keyspace and, for a table or type, its name.
    /// </summary>
    public static PeerReply SchemaChange(string changeType, string target, string keyspace, string? name = null)
    {
        var needsName = target is "TABLE" or "TYPE";
        if (needsName != (name is not null))
        {
            throw new ArgumentException($"target {target} {(needsName ? "needs" : "takes no")} object name", nameof(name));
        }

        return Result($"RESULT Schema_change {changeType} {target} {keyspace}.{name}", (w, _) =>
        {
            w.WriteInt(SchemaChangeKind).WriteString(changeType).WriteString(target).WriteString(keyspace);
            if (name is not null)
            {
                w.WriteString(name);
            }
        });
    }

    /// <summary>
    /// A Rows result with the Global_tables_spec flag. Each row holds one CLR value per column (see
    /// <see cref="CqlValueCodec"/>), null for CQL null. With a paging state, Has_more_pages is set.
    /// </summary>
    public static PeerReply Rows(
        string keyspace,
        string table,
        IReadOnlyList<ColumnSpec> columns,
        IEnumerable<IReadOnlyList<object?>> rows,
        byte[]? pagingState = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);

        // Encode the cells now so a wrong CLR type fails in the test that built the reply, not inside the peer.
        var encodedRows = rows.Select((row, index) =>
        {
            if (row.Count != columns.Count)
            {
                throw new ArgumentException($"row {index} has {row.Count} value(s) for {columns.Count} column(s)", nameof(rows));
            }

            return columns.Select((column, i) => CqlValueCodec.Encode(column.Type, row[i])).ToArray();
        }).ToList();

        return Result($"RESULT Rows {keyspace}.{table} ({encodedRows.Count} row(s))", (w, context) =>
        {
            w.WriteInt(RowsKind);
            WriteRowsMetadata(w, keyspace, table, columns, pagingState, context.SkipMetadata);
            w.WriteInt(encodedRows.Count);
            foreach (var row in encodedRows)
            {
                foreach (var cell in row)
                {
                    w.WriteBytes(cell);
                }
            }
        });
    }

    /// <summary>
    /// A Prepared result (spec 4.2.5.4): the id, the bind-variable metadata with partition key indexes, and the
    /// result metadata (empty with No_metadata when <paramref name="resultColumns"/> is null or empty, as
    /// Cassandra does for anything but a SELECT). A null <paramref name="id"/> lets the peer use MD5(query).
    /// </summary>
    public static PeerReply Prepared(
        string keyspace,
        string table,
        IReadOnlyList<ColumnSpec> bindVariables,
        IReadOnlyList<short>? partitionKeyIndexes = null,
        IReadOnlyList<ColumnSpec>? resultColumns = null,
        byte[]? id = null)
    {
        ArgumentNullException.ThrowIfNull(bindVariables);
        var pkIndexes = partitionKeyIndexes ?? [];
        var result = resultColumns ?? [];
        var reply = Result($"RESULT Prepared {keyspace}.{table} ({bindVariables.Count} bind variable(s))", (w, context) =>
        {
            w.WriteInt(PreparedKind).WriteShortBytes(context.PreparedId ?? throw new InvalidOperationException("prepared id missing"));

            // <flags><columns_count><pk_count>[<pk_index_1>...<pk_index_n>][<global_table_spec>?<col_spec_1>...<col_spec_n>]
            w.WriteInt(bindVariables.Count > 0 ? GlobalTablesSpecFlag : 0).WriteInt(bindVariables.Count).WriteInt(pkIndexes.Count);
            foreach (var index in pkIndexes)
            {
                w.WriteShort(index);
            }

            if (bindVariables.Count > 0)
            {
                w.WriteString(keyspace).WriteString(table);
                WriteColumnSpecs(w, bindVariables);
            }

            // <result_metadata> is Rows metadata; a Prepared result never carries a paging state.
            WriteRowsMetadata(w, keyspace, table, result, pagingState: null, skipMetadata: false);
        });
        return new PeerReply(reply.Opcode, reply.Description, reply._writeBody) { IsPrepared = true, ExplicitPreparedId = id };
    }

    // ---- ERROR (spec 4.2.1 and section 9) ----

    public static PeerReply Error(int code, string message) => Error(code, message, (_, _) => { });

    public static PeerReply ServerError(string message) => Error(CqlErrorCode.ServerError, message);

    public static PeerReply ProtocolError(string message) => Error(CqlErrorCode.ProtocolError, message);

    public static PeerReply BadCredentials(string message) => Error(CqlErrorCode.BadCredentials, message);

    public static PeerReply Unavailable(CqlConsistency consistency, int required, int alive, string? message = null) =>
        Error(CqlErrorCode.Unavailable, message ?? "Cannot achieve consistency level " + consistency, (w, _) =>
            w.WriteConsistency(consistency).WriteInt(required).WriteInt(alive));

    public static PeerReply Overloaded(string message = "Server is overloaded") => Error(CqlErrorCode.Overloaded, message);

    public static PeerReply IsBootstrapping(string message = "Cannot read from a bootstrapping node") =>
        Error(CqlErrorCode.IsBootstrapping, message);

    /// <summary>writeType is one of SIMPLE, BATCH, UNLOGGED_BATCH, COUNTER, BATCH_LOG (and in later servers CAS, VIEW, CDC).</summary>
    public static PeerReply WriteTimeout(CqlConsistency consistency, int received, int blockFor, string writeType, string? message = null) =>
        Error(CqlErrorCode.WriteTimeout, message ?? "Operation timed out - received only " + received.ToString(CultureInfo.InvariantCulture) + " responses.", (w, _) =>
            w.WriteConsistency(consistency).WriteInt(received).WriteInt(blockFor).WriteString(writeType));

    public static PeerReply ReadTimeout(CqlConsistency consistency, int received, int blockFor, bool dataPresent, string? message = null) =>
        Error(CqlErrorCode.ReadTimeout, message ?? "Operation timed out - received only " + received.ToString(CultureInfo.InvariantCulture) + " responses.", (w, _) =>
            w.WriteConsistency(consistency).WriteInt(received).WriteInt(blockFor).WriteByte(dataPresent ? (byte)1 : (byte)0));

    public static PeerReply SyntaxError(string message) => Error(CqlErrorCode.SyntaxError, message);

    public static PeerReply Unauthorized(string message) => Error(CqlErrorCode.Unauthorized, message);

    public static PeerReply Invalid(string message) => Error(CqlErrorCode.Invalid, message);

    /// <summary>For a keyspace, <paramref name="table"/> is the empty string (spec section 9).</summary>
    public static PeerReply AlreadyExists(string keyspace, string table, string? message = null) =>
        Error(CqlErrorCode.AlreadyExists, message ?? (table.Length == 0
            ? $"Cannot add existing keyspace \"{keyspace}\""
            : $"Cannot add already existing table \"{table}\" to keyspace \"{keyspace}\""), (w, _) =>
            w.WriteString(keyspace).WriteString(table));

    public static PeerReply Unprepared(byte[] id, string? message = null) =>
        Error(CqlErrorCode.Unprepared, message ?? $"Prepared query with ID {Convert.ToHexString(id).ToLowerInvariant()} not found", (w, _) =>
            w.WriteShortBytes(id));

    // ---- connection set-up replies the peer sends on its own ----

    public static PeerReply Ready() => new(CqlOpcode.Ready, "READY", (_, _) => { });

    public static PeerReply Supported(IReadOnlyDictionary<string, IReadOnlyList<string>> options) =>
        new(CqlOpcode.Supported, "SUPPORTED", (w, _) => w.WriteStringMultimap(options));

    public static PeerReply Authenticate(string authenticator) =>
        new(CqlOpcode.Authenticate, "AUTHENTICATE " + authenticator, (w, _) => w.WriteString(authenticator));

    public static PeerReply AuthChallenge(byte[]? token) =>
        new(CqlOpcode.AuthChallenge, "AUTH_CHALLENGE", (w, _) => w.WriteBytes(token));

    public static PeerReply AuthSuccess(byte[]? token = null) =>
        new(CqlOpcode.AuthSuccess, "AUTH_SUCCESS", (w, _) => w.WriteBytes(token));

    /// <summary>Writes the body (after any warnings) for the request it answers.</summary>
    internal void WriteBody(WireWriter writer, ReplyContext context) => _writeBody(writer, context);

    private static PeerReply Result(string description, Action<WireWriter, ReplyContext> writeBody) =>
        new(CqlOpcode.Result, description, writeBody);

    private static PeerReply Error(int code, string message, Action<WireWriter, ReplyContext> extra) =>
        new(CqlOpcode.Error, $"ERROR 0x{code:X4} {message}", (w, context) =>
        {
            w.WriteInt(code).WriteString(message);
            extra(w, context);
        });

    /// <summary>
    /// &lt;flags&gt;&lt;columns_count&gt;[&lt;paging_state&gt;][&lt;global_table_spec&gt;?&lt;col_spec_1&gt;...].
    /// With Skip_metadata asked, only flags/count/paging state go out; Cassandra keeps the other flag bits, so do we.
    /// An empty column list is sent as No_metadata with 0 columns, as Cassandra does for non-SELECT statements.
    /// </summary>
    private static void WriteRowsMetadata(
        WireWriter w, string keyspace, string table, IReadOnlyList<ColumnSpec> columns, byte[]? pagingState, bool skipMetadata)
    {
        var noMetadata = skipMetadata || columns.Count == 0;
        var flags = (columns.Count > 0 ? GlobalTablesSpecFlag : 0)
            | (pagingState is not null ? HasMorePagesFlag : 0)
            | (noMetadata ? NoMetadataFlag : 0);
        w.WriteInt(flags).WriteInt(columns.Count);
        if (pagingState is not null)
        {
            w.WriteBytes(pagingState);
        }

        if (!noMetadata)
        {
            w.WriteString(keyspace).WriteString(table);
            WriteColumnSpecs(w, columns);
        }
    }

    private static void WriteColumnSpecs(WireWriter w, IReadOnlyList<ColumnSpec> columns)
    {
        foreach (var column in columns)
        {
            w.WriteString(column.Name).WriteTypeOption(column.Type);
        }
    }

    private PeerReply Copy(TimeSpan delay, IReadOnlyList<string> warnings) => new(Opcode, Description, _writeBody)
    {
        Delay = delay,
        Warnings = warnings,
        IsPrepared = IsPrepared,
        ExplicitPreparedId = ExplicitPreparedId,
    };
}
