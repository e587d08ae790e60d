namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>Turns a response frame into a <see cref="CqlResponse"/>, or throws the ERROR it carries (spec §4.2).</summary>
internal static class ResponseDecoder
{
    private const int Void = 0x0001;
    private const int Rows = 0x0002;
    private const int SetKeyspace = 0x0003;
    private const int Prepared = 0x0004;
    private const int SchemaChange = 0x0005;

    /// <exception cref="CqlServerException">The frame is an ERROR.</exception>
    /// <exception cref="CqlProtocolException">The frame is malformed or of a kind no request expects.</exception>
    public static CqlResponse Decode(FrameHeader header, ReadOnlySpan<byte> body)
    {
        if (header.Version != FrameHeader.ResponseVersion)
        {
            throw new CqlProtocolException($"Expected a protocol v4 response (0x84), got version byte 0x{header.Version:X2}.");
        }

        if ((header.Flags & FrameFlags.Compression) != 0) throw new CqlProtocolException("The server compressed a frame although no compression was negotiated.");
        var reader = new CqlReader(body);

        // Tracing id, then warnings, then custom payload come before the message itself (spec §2.2).
        if ((header.Flags & FrameFlags.Tracing) != 0) reader.ReadUuid();
        if ((header.Flags & FrameFlags.Warning) != 0) reader.ReadStringList();
        if ((header.Flags & FrameFlags.CustomPayload) != 0) reader.SkipBytesMap();

        return header.Opcode switch
        {
            Opcode.Error => throw ReadError(ref reader),
            Opcode.Ready => new ReadyResponse(),
            Opcode.Authenticate => new AuthenticateResponse(reader.ReadString()),
            Opcode.AuthChallenge => new AuthChallengeResponse(reader.ReadBytes()),
            Opcode.AuthSuccess => new AuthSuccessResponse(reader.ReadBytes()),
            Opcode.Supported => new SupportedResponse(reader.ReadStringMultimap()),
            Opcode.Result => ReadResult(ref reader),
            Opcode.Event => new EventResponse(reader.ReadString()),
            _ => throw new CqlProtocolException($"The server sent opcode 0x{(byte)header.Opcode:X2}, which is not a response."),
        };
    }

    private static CqlResponse ReadResult(ref CqlReader reader)
    {
        var kind = reader.ReadInt();
        switch (kind)
        {
            case Void:
                return new VoidResult();
            case Rows:
                var metadata = ResultMetadata.ReadResult(ref reader);
                var count = reader.ReadInt();
                var columnCount = metadata.Columns.Count;
                // Every cell takes at least its 4-byte length, so the count can be checked before allocating.
                if (count < 0 || (columnCount > 0 && (long)count * columnCount * 4 > reader.Remaining))
                {
                    throw new CqlProtocolException($"A rows count of {count} does not fit the {reader.Remaining} bytes left.");
                }

                if (columnCount == 0 && count > 0)
                {
                    throw new CqlProtocolException("A Rows result without column metadata cannot be read (skip-metadata is never requested).");
                }

                var rows = new CqlRow[count];
                for (var r = 0; r < count; r++)
                {
                    var cells = new byte[]?[columnCount];
                    for (var c = 0; c < columnCount; c++) cells[c] = reader.ReadBytes();
                    rows[r] = new CqlRow(metadata.Columns, cells);
                }

                return new RowsResult(metadata, rows);
            case SetKeyspace:
                return new SetKeyspaceResult(reader.ReadString());
            case Prepared:
                var id = reader.ReadShortBytes();
                var variables = ResultMetadata.ReadPrepared(ref reader);
                return new PreparedResult(id, variables, ResultMetadata.ReadResult(ref reader));
            case SchemaChange:
                var change = reader.ReadString();
                var target = reader.ReadString();
                var keyspace = reader.ReadString();
                var name = target == "KEYSPACE" ? null : reader.ReadString();
                return new SchemaChangeResult(change, target, keyspace, name);
            default:
                throw new CqlProtocolException($"Unknown RESULT kind 0x{kind:X4}.");
        }
    }

    private static CqlServerException ReadError(ref CqlReader reader)
    {
        var code = (CqlErrorCode)reader.ReadInt();
        var message = reader.ReadString();
        return code switch
        {
            CqlErrorCode.Unavailable => new CqlServerException(code, message)
            {
                Consistency = (Consistency)reader.ReadShort(), Required = reader.ReadInt(), Received = reader.ReadInt(),
            },
            CqlErrorCode.WriteTimeout => new CqlServerException(code, message)
            {
                Consistency = (Consistency)reader.ReadShort(), Received = reader.ReadInt(), Required = reader.ReadInt(), WriteType = reader.ReadString(),
            },
            CqlErrorCode.ReadTimeout => new CqlServerException(code, message)
            {
                Consistency = (Consistency)reader.ReadShort(), Received = reader.ReadInt(), Required = reader.ReadInt(), DataPresent = reader.ReadByte() != 0,
            },
            CqlErrorCode.ReadFailure => new CqlServerException(code, message)
            {
                Consistency = (Consistency)reader.ReadShort(), Received = reader.ReadInt(), Required = reader.ReadInt(),
                Failures = reader.ReadInt(), DataPresent = reader.ReadByte() != 0,
            },
            CqlErrorCode.WriteFailure => new CqlServerException(code, message)
            {
                Consistency = (Consistency)reader.ReadShort(), Received = reader.ReadInt(), Required = reader.ReadInt(),
                Failures = reader.ReadInt(), WriteType = reader.ReadString(),
            },
            CqlErrorCode.FunctionFailure => new CqlServerException(code, message) { Keyspace = reader.ReadString(), Table = reader.ReadString() },
            CqlErrorCode.AlreadyExists => new CqlServerException(code, message) { Keyspace = reader.ReadString(), Table = reader.ReadString() },
            CqlErrorCode.Unprepared => new CqlServerException(code, message) { UnpreparedId = reader.ReadShortBytes() },
            _ => new CqlServerException(code, message),
        };
    }
}
