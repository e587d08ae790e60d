namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// The parsed view of one request frame, for assertions and for the test's responder. Only the members that
/// belong to the frame's opcode are set; the raw frame is kept alongside.
/// </summary>
public sealed record PeerRequest(ReceivedFrame Frame)
{
    public int ConnectionId => Frame.ConnectionId;

    public short Stream => Frame.Stream;

    public byte Opcode => Frame.Opcode;

    public string OpcodeName => Frame.OpcodeName;

    /// <summary>QUERY and PREPARE: the query text. EXECUTE: the text the id was prepared from (null if unknown).</summary>
    public string? Query { get; init; }

    /// <summary>EXECUTE: the [short bytes] id.</summary>
    public byte[]? PreparedId { get; init; }

    /// <summary>QUERY, EXECUTE, and the trailer of BATCH.</summary>
    public QueryParameters? Parameters { get; init; }

    public BatchType? BatchType { get; init; }

    public IReadOnlyList<BatchEntry>? BatchEntries { get; init; }

    public IReadOnlyDictionary<string, string>? StartupOptions { get; init; }

    /// <summary>AUTH_RESPONSE: the [bytes] token (null when the client sent a null token).</summary>
    public byte[]? AuthToken { get; init; }

    public IReadOnlyList<string>? EventTypes { get; init; }

    /// <summary>Present when the frame had the custom payload flag (0x04): a [bytes map] ahead of the message.</summary>
    public IReadOnlyDictionary<string, byte[]?>? CustomPayload { get; init; }

    /// <summary>True when the query (or every batch entry) is a write by its first keyword.</summary>
    public bool IsWrite => Opcode == CqlOpcode.Batch || IsWriteStatement(Query);

    public IReadOnlyList<BoundValue> Values => Parameters?.Values ?? [];

    public static bool IsWriteStatement(string? query)
    {
        var text = query?.TrimStart() ?? string.Empty;
        return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString() => Opcode switch
    {
        CqlOpcode.Query or CqlOpcode.Prepare => $"{OpcodeName} '{Query}' {Parameters}",
        CqlOpcode.Execute => $"EXECUTE {Convert.ToHexString(PreparedId ?? [])} ('{Query}') {Parameters}",
        CqlOpcode.Batch => $"BATCH {BatchType} x{BatchEntries?.Count} {Parameters}",
        _ => OpcodeName,
    };
}
