namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>
/// A column type as the server describes it. Collections, tuples and UDTs are parsed (a result may contain them)
/// but only the scalar types the store binds are converted to .NET values.
/// </summary>
public sealed record CqlType(CqlTypeCode Code, IReadOnlyList<CqlType> Elements, string? CustomName = null)
{
    public static CqlType Of(CqlTypeCode code) => new(code, []);

    internal static CqlType Read(ref CqlReader reader, int depth = 0)
    {
        // Types nest (list<map<text, frozen<tuple<…>>>>); a frame that nests without end is hostile.
        if (depth > 32) throw new CqlProtocolException("A column type nests more than 32 levels deep.");
        var code = (CqlTypeCode)reader.ReadShort();
        switch (code)
        {
            case CqlTypeCode.Custom:
                return new CqlType(code, [], reader.ReadString());
            case CqlTypeCode.List or CqlTypeCode.Set:
                return new CqlType(code, [Read(ref reader, depth + 1)]);
            case CqlTypeCode.Map:
                var key = Read(ref reader, depth + 1);
                return new CqlType(code, [key, Read(ref reader, depth + 1)]);
            case CqlTypeCode.Udt:
                var keyspace = reader.ReadString();
                var name = reader.ReadString();
                var fieldCount = reader.ReadShort();
                var fields = new List<CqlType>(fieldCount);
                for (var i = 0; i < fieldCount; i++)
                {
                    reader.ReadString();
                    fields.Add(Read(ref reader, depth + 1));
                }

                return new CqlType(code, fields, $"{keyspace}.{name}");
            case CqlTypeCode.Tuple:
                var count = reader.ReadShort();
                var items = new List<CqlType>(count);
                for (var i = 0; i < count; i++) items.Add(Read(ref reader, depth + 1));
                return new CqlType(code, items);
            default:
                if (!Enum.IsDefined(code)) throw new CqlProtocolException($"Unknown column type id 0x{(ushort)code:X4}.");
                return Of(code);
        }
    }

    public override string ToString() => Code switch
    {
        CqlTypeCode.Custom => $"'{CustomName}'",
        CqlTypeCode.Udt => CustomName!,
        CqlTypeCode.Varchar => "text", // CQL's own name for it; varchar is the alias
        _ when Elements.Count > 0 => $"{Code.ToString().ToLowerInvariant()}<{string.Join(", ", Elements)}>",
        _ => Code.ToString().ToLowerInvariant(),
    };
}
