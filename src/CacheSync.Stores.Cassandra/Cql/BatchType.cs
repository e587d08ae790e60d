namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>The &lt;type&gt; byte of BATCH (spec §4.1.7).</summary>
public enum BatchType : byte
{
    /// <summary>Atomic across partitions through the batch log: all statements apply or none.</summary>
    Logged = 0,

    /// <summary>No batch log: cheaper, for statements of one partition.</summary>
    Unlogged = 1,

    Counter = 2,
}
