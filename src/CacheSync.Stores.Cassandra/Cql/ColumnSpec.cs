namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>One column of a result or one bind variable of a prepared statement.</summary>
public sealed record ColumnSpec(string Keyspace, string Table, string Name, CqlType Type);
