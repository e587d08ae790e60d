namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>A bound [value]: serialized bytes, null (writes a tombstone cell), or not set (leaves the column alone).</summary>
public readonly record struct CqlValue(CqlValueKind Kind, ReadOnlyMemory<byte> Bytes)
{
    public static readonly CqlValue Null = new(CqlValueKind.Null, default);

    public static readonly CqlValue NotSet = new(CqlValueKind.NotSet, default);

    public static CqlValue Of(byte[] bytes) => new(CqlValueKind.Bytes, bytes);
}

public enum CqlValueKind
{
    Bytes,
    Null,
    NotSet,
}
