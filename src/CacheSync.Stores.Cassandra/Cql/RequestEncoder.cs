namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>A request ready to frame: the stream id is given when it is sent.</summary>
internal readonly record struct CqlRequest(Opcode Opcode, ReadOnlyMemory<byte> Body);

/// <summary>Encodes the request messages of spec §4.1.</summary>
internal static class RequestEncoder
{
    /// <summary>The only CQL version the spec names for STARTUP.</summary>
    public const string CqlVersion = "3.0.0";

    public static CqlRequest Startup(IReadOnlyCollection<KeyValuePair<string, string>> options)
    {
        var writer = new CqlWriter();
        writer.WriteStringMap(options);
        return new CqlRequest(Opcode.Startup, writer.WrittenMemory);
    }

    public static CqlRequest Options() => new(Opcode.Options, ReadOnlyMemory<byte>.Empty);

    public static CqlRequest AuthResponse(byte[]? token)
    {
        var writer = new CqlWriter();
        writer.WriteBytes(token, isNull: token is null);
        return new CqlRequest(Opcode.AuthResponse, writer.WrittenMemory);
    }

    public static CqlRequest Register(IReadOnlyCollection<string> eventTypes)
    {
        var writer = new CqlWriter();
        writer.WriteStringList(eventTypes);
        return new CqlRequest(Opcode.Register, writer.WrittenMemory);
    }

    public static CqlRequest Query(string query, QueryParameters parameters)
    {
        var writer = new CqlWriter(query.Length + 64);
        writer.WriteLongString(query);
        parameters.WriteTo(writer);
        return new CqlRequest(Opcode.Query, writer.WrittenMemory);
    }

    public static CqlRequest Prepare(string query)
    {
        var writer = new CqlWriter(query.Length + 8);
        writer.WriteLongString(query);
        return new CqlRequest(Opcode.Prepare, writer.WrittenMemory);
    }

    public static CqlRequest Execute(byte[] preparedId, QueryParameters parameters)
    {
        var writer = new CqlWriter();
        writer.WriteShortBytes(preparedId);
        parameters.WriteTo(writer);
        return new CqlRequest(Opcode.Execute, writer.WrittenMemory);
    }

    /// <summary><c>&lt;type&gt;&lt;n&gt;&lt;query_1&gt;…&lt;query_n&gt;&lt;consistency&gt;&lt;flags&gt;[&lt;serial_consistency&gt;][&lt;timestamp&gt;]</c>.</summary>
    public static CqlRequest Batch(BatchType type, IReadOnlyList<BatchEntry> entries, Consistency consistency, Consistency? serialConsistency, long? timestamp)
    {
        var writer = new CqlWriter();
        writer.WriteByte((byte)type);
        writer.WriteShort(checked((ushort)entries.Count));
        foreach (var entry in entries)
        {
            if (entry.Prepared is { } prepared)
            {
                writer.WriteByte(1);
                writer.WriteShortBytes(prepared.Id);
            }
            else
            {
                writer.WriteByte(0);
                writer.WriteLongString(entry.Query ?? throw new ArgumentException("A batch entry needs a query or a prepared statement.", nameof(entries)));
            }

            writer.WriteShort(checked((ushort)entry.Values.Count));
            foreach (var value in entry.Values) writer.WriteValue(value);
        }

        writer.WriteShort((ushort)consistency);
        var flags = (byte)((serialConsistency is null ? 0 : 0x10) | (timestamp is null ? 0 : 0x20));
        writer.WriteByte(flags);
        if (serialConsistency is { } serial) writer.WriteShort((ushort)serial);
        if (timestamp is { } micros) writer.WriteLong(micros);
        return new CqlRequest(Opcode.Batch, writer.WrittenMemory);
    }
}
