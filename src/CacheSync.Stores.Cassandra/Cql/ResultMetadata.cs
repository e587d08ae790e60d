namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>
/// The metadata of a Rows result or of a prepared statement's bind variables (spec §4.2.5.2, §4.2.5.4).
/// </summary>
/// <param name="Columns">Empty when the server sent No_metadata (the client asked to skip it).</param>
/// <param name="PartitionKeyIndexes">For bind variables: which of them form the partition key; empty for results.</param>
public sealed record ResultMetadata(IReadOnlyList<ColumnSpec> Columns, byte[]? PagingState, IReadOnlyList<int> PartitionKeyIndexes)
{
    private const int GlobalTablesSpec = 0x0001;
    private const int HasMorePages = 0x0002;
    private const int NoMetadata = 0x0004;

    public static readonly ResultMetadata Empty = new([], null, []);

    /// <summary>Reads result metadata: <c>&lt;flags&gt;&lt;columns_count&gt;[&lt;paging_state&gt;][&lt;global_table_spec&gt;?&lt;col_spec_i&gt;…]</c>.</summary>
    internal static ResultMetadata ReadResult(ref CqlReader reader)
    {
        var flags = reader.ReadInt();
        // With No_metadata no column spec follows, so the count cannot be bounded by the bytes left (spec §4.2.5.2).
        var noMetadata = (flags & NoMetadata) != 0;
        var count = noMetadata ? reader.ReadInt() : ReadCount(ref reader);
        if (count < 0) throw new CqlProtocolException($"A column count of {count} is negative.");
        var pagingState = (flags & HasMorePages) != 0 ? reader.ReadBytes() : null;
        if (noMetadata) return new ResultMetadata([], pagingState, []);
        return new ResultMetadata(ReadColumns(ref reader, flags, count), pagingState, []);
    }

    /// <summary>Reads a prepared statement's bind metadata: <c>&lt;flags&gt;&lt;columns_count&gt;&lt;pk_count&gt;[&lt;pk_index_i&gt;…][&lt;global_table_spec&gt;?&lt;col_spec_i&gt;…]</c>.</summary>
    internal static ResultMetadata ReadPrepared(ref CqlReader reader)
    {
        var flags = reader.ReadInt();
        var count = ReadCount(ref reader);
        var keyCount = ReadCount(ref reader);
        var keyIndexes = new int[keyCount];
        for (var i = 0; i < keyCount; i++) keyIndexes[i] = reader.ReadShort();
        return new ResultMetadata(ReadColumns(ref reader, flags, count), null, keyIndexes);
    }

    private static int ReadCount(ref CqlReader reader)
    {
        var count = reader.ReadInt();
        // Each entry takes at least two bytes, so a count beyond the bytes left is a lie, not a big result.
        if (count < 0 || count > reader.Remaining) throw new CqlProtocolException($"A metadata count of {count} does not fit the {reader.Remaining} bytes left.");
        return count;
    }

    private static ColumnSpec[] ReadColumns(ref CqlReader reader, int flags, int count)
    {
        string? keyspace = null, table = null;
        if ((flags & GlobalTablesSpec) != 0)
        {
            keyspace = reader.ReadString();
            table = reader.ReadString();
        }

        var columns = new ColumnSpec[count];
        for (var i = 0; i < count; i++)
        {
            var columnKeyspace = keyspace ?? reader.ReadString();
            var columnTable = table ?? reader.ReadString();
            var name = reader.ReadString();
            columns[i] = new ColumnSpec(columnKeyspace, columnTable, name, CqlType.Read(ref reader));
        }

        return columns;
    }
}
