namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// Turns a v4 request frame into a <see cref="PeerRequest"/>, following spec section 4.1 field by field.
/// Throws <see cref="FormatException"/> on a malformed body; the peer answers that with a protocol error.
/// </summary>
public static class RequestParser
{
    private const byte CustomPayloadFrameFlag = 0x04;

    /// <param name="frame">the received frame.</param>
    /// <param name="queryForId">the peer's prepared-id registry, to name what an EXECUTE/BATCH id stands for.</param>
    public static PeerRequest Parse(ReceivedFrame frame, Func<byte[], string?> queryForId)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(queryForId);
        var reader = new WireReader(frame.Body);

        // Section 2.2: with the custom payload flag the [bytes map] comes first in a request body.
        IReadOnlyDictionary<string, byte[]?>? payload = null;
        if ((frame.Flags & CustomPayloadFrameFlag) != 0)
        {
            payload = reader.ReadBytesMap();
        }

        var request = new PeerRequest(frame) { CustomPayload = payload };
        switch (frame.Opcode)
        {
            case CqlOpcode.Startup:
                return request with { StartupOptions = reader.ReadStringMap() };
            case CqlOpcode.AuthResponse:
                return request with { AuthToken = reader.ReadBytes() };
            case CqlOpcode.Options:
                return request;
            case CqlOpcode.Register:
                return request with { EventTypes = reader.ReadStringList() };
            case CqlOpcode.Query:
            {
                var query = reader.ReadLongString();
                return request with { Query = query, Parameters = ReadQueryParameters(reader) };
            }

            case CqlOpcode.Prepare:
                // v4 PREPARE is just the [long string]; v5 added flags after it, which v4 clients must not send.
                return request with { Query = reader.ReadLongString() };
            case CqlOpcode.Execute:
            {
                var id = reader.ReadShortBytes();
                return request with { PreparedId = id, Query = queryForId(id), Parameters = ReadQueryParameters(reader) };
            }

            case CqlOpcode.Batch:
                return ReadBatch(request, reader, queryForId);
            default:
                throw new FormatException($"opcode {CqlOpcode.Name(frame.Opcode)} is not a request");
        }
    }

    /// <summary>
    /// &lt;consistency&gt;&lt;flags&gt;[&lt;n&gt;[name_1]&lt;value_1&gt;...][&lt;result_page_size&gt;][&lt;paging_state&gt;]
    /// [&lt;serial_consistency&gt;][&lt;timestamp&gt;] — each optional part present exactly when its flag is set.
    /// </summary>
    public static QueryParameters ReadQueryParameters(WireReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var consistency = reader.ReadConsistency();
        var flags = reader.ReadByte();
        var values = new List<BoundValue>();
        if ((flags & QueryParameters.ValuesFlag) != 0)
        {
            var count = reader.ReadUnsignedShort();
            var named = (flags & QueryParameters.NamesForValuesFlag) != 0;
            for (var i = 0; i < count; i++)
            {
                var name = named ? reader.ReadString() : null;
                values.Add(reader.ReadValue(name));
            }
        }

        int? pageSize = (flags & QueryParameters.PageSizeFlag) != 0 ? reader.ReadInt() : null;
        var pagingState = (flags & QueryParameters.PagingStateFlag) != 0 ? reader.ReadBytes() : null;
        CqlConsistency? serial = (flags & QueryParameters.SerialConsistencyFlag) != 0 ? reader.ReadConsistency() : null;
        long? timestamp = (flags & QueryParameters.DefaultTimestampFlag) != 0 ? reader.ReadLong() : null;
        return new QueryParameters(consistency, flags, values, pageSize, pagingState, serial, timestamp);
    }

    /// <summary>&lt;type&gt;&lt;n&gt;&lt;query_1&gt;...&lt;query_n&gt;&lt;consistency&gt;&lt;flags&gt;[&lt;serial_consistency&gt;][&lt;timestamp&gt;]</summary>
    private static PeerRequest ReadBatch(PeerRequest request, WireReader reader, Func<byte[], string?> queryForId)
    {
        var type = reader.ReadByte();
        if (type > (byte)BatchType.Counter)
        {
            throw new FormatException($"unknown batch type {type}");
        }

        var count = reader.ReadUnsignedShort();

        // The names flag (0x40) sits in the trailer, after the entries; it "does not work" in v4 (CASSANDRA-10246),
        // so the peer reads entries without names and rejects a batch that claims names below.
        var entries = new List<BatchEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = reader.ReadByte();
            string? query;
            byte[]? id = null;
            switch (kind)
            {
                case 0:
                    query = reader.ReadLongString();
                    break;
                case 1:
                    id = reader.ReadShortBytes();
                    query = queryForId(id);
                    break;
                default:
                    throw new FormatException($"batch entry {i} has kind {kind}, expected 0 or 1");
            }

            var valueCount = reader.ReadUnsignedShort();
            var values = new List<BoundValue>(valueCount);
            for (var v = 0; v < valueCount; v++)
            {
                values.Add(reader.ReadValue());
            }

            entries.Add(new BatchEntry(kind, query, id, values));
        }

        var consistency = reader.ReadConsistency();
        var flags = reader.ReadByte();
        if ((flags & 0x0F) != 0)
        {
            throw new FormatException($"batch flags 0x{flags:X2}: the 4 rightmost bits must be 0");
        }

        if ((flags & QueryParameters.NamesForValuesFlag) != 0)
        {
            throw new FormatException("batch with names for values (0x40) is not implementable in v4 (CASSANDRA-10246)");
        }

        CqlConsistency? serial = (flags & QueryParameters.SerialConsistencyFlag) != 0 ? reader.ReadConsistency() : null;
        long? timestamp = (flags & QueryParameters.DefaultTimestampFlag) != 0 ? reader.ReadLong() : null;
        return request with
        {
            BatchType = (BatchType)type,
            BatchEntries = entries,
            Parameters = new QueryParameters(consistency, flags, [], null, null, serial, timestamp),
        };
    }
}
