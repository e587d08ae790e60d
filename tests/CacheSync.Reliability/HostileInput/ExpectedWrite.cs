using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>What a valid event must leave behind: its record in the store, and its trace in Redis.</summary>
internal sealed record ExpectedWrite(string Id, string Entity, string Key, long Version, EventOperation Op, string? DataJson)
{
    /// <summary>The harness's policies leave the table name at its default, the entity's name.</summary>
    public string Table => Entity;
}
