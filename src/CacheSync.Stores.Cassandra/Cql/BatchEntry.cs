namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>One statement of a BATCH: a prepared statement id, or query text, with its values.</summary>
public sealed record BatchEntry(PreparedStatement? Prepared, string? Query, IReadOnlyList<CqlValue> Values)
{
    public static BatchEntry Of(PreparedStatement prepared, IReadOnlyList<CqlValue> values) => new(prepared, null, values);

    public static BatchEntry Of(string query, IReadOnlyList<CqlValue> values) => new(null, query, values);
}
