using CacheSync.Core.Storage;

namespace CacheSync.Stores.Cassandra;

/// <summary>How one table's records are read and written: the built-in record table, or an entity's named statements.</summary>
internal interface IRecordTable
{
    /// <summary>True when a delete leaves no readable trace, so an absent record may be one a newer delete removed.</summary>
    bool DeletesLeaveNoRow { get; }

    Task<StoredRecord?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Writes at <paramref name="version"/> as the cell timestamp; Cassandra keeps the newer write whatever the order.</summary>
    /// <param name="dataJson">The record's data, or null for a delete.</param>
    /// <param name="replacedDataJson">The live data this write replaces, kept for a redelivery's dependent-key invalidation.</param>
    Task WriteAsync(string key, long version, string? dataJson, string? replacedDataJson, CancellationToken cancellationToken);
}
