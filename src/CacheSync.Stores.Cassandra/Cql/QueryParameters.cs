namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>The &lt;query_parameters&gt; of QUERY and EXECUTE (spec §4.1.4).</summary>
/// <param name="Timestamp">A default write timestamp in microseconds (flag 0x20); a USING TIMESTAMP in the statement wins over it.</param>
/// <param name="SerialConsistency">Only for conditional writes (flag 0x10): SERIAL or LOCAL_SERIAL.</param>
public sealed record QueryParameters(
    Consistency Consistency,
    IReadOnlyList<CqlValue>? Values = null,
    int? PageSize = null,
    byte[]? PagingState = null,
    Consistency? SerialConsistency = null,
    long? Timestamp = null)
{
    private const byte ValuesFlag = 0x01;
    private const byte PageSizeFlag = 0x04;
    private const byte PagingStateFlag = 0x08;
    private const byte SerialConsistencyFlag = 0x10;
    private const byte TimestampFlag = 0x20;

    internal void WriteTo(CqlWriter writer)
    {
        var flags = (byte)0;
        if (Values is { Count: > 0 }) flags |= ValuesFlag;
        if (PageSize is not null) flags |= PageSizeFlag;
        if (PagingState is not null) flags |= PagingStateFlag;
        if (SerialConsistency is not null) flags |= SerialConsistencyFlag;
        if (Timestamp is not null) flags |= TimestampFlag;

        writer.WriteShort((ushort)Consistency);
        writer.WriteByte(flags);
        if (Values is { Count: > 0 })
        {
            writer.WriteShort(checked((ushort)Values.Count));
            foreach (var value in Values) writer.WriteValue(value);
        }

        if (PageSize is { } pageSize) writer.WriteInt(pageSize);
        if (PagingState is not null) writer.WriteBytes(PagingState);
        if (SerialConsistency is { } serial) writer.WriteShort((ushort)serial);
        if (Timestamp is { } timestamp) writer.WriteLong(timestamp);
    }
}
