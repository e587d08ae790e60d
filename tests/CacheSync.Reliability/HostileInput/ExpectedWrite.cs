using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>What a valid event must leave behind: its record in the store, and its trace in Redis.</summary>
internal sealed record ExpectedWrite(string Id, string Entity, string Key, long Version, EventOperation Op, string? DataJson)
{
    public string Table => Entity;

    /// <summary>The same write as a later, older copy under another id: the fences must refuse it as stale.</summary>
    public bool HasOlderVersion => Version > 0;
}
