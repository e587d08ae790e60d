namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>A statement the cluster has prepared: its id, the types of its bind variables and of its result columns.</summary>
public sealed record PreparedStatement(string Query, byte[] Id, ResultMetadata Variables, ResultMetadata Result)
{
    /// <summary>Serializes values in bind order, by the types the server gave for each variable.</summary>
    public IReadOnlyList<CqlValue> Bind(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Variables.Columns.Count)
        {
            throw new ArgumentException($"'{Query}' takes {Variables.Columns.Count} values, not {values.Length}.", nameof(values));
        }

        var bound = new CqlValue[values.Length];
        for (var i = 0; i < values.Length; i++) bound[i] = CqlValueCodec.Serialize(values[i], Variables.Columns[i].Type);
        return bound;
    }
}
