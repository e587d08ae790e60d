namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// One &lt;col_spec_i&gt;: name and type. Keyspace and table are given once per result (the peer always
/// uses the Global_tables_spec flag, as Cassandra does for single-table results).
/// </summary>
public sealed record ColumnSpec(string Name, CqlType Type);
