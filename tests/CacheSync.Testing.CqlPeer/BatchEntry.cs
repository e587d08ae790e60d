namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// One &lt;query_i&gt; of a BATCH (spec 4.1.7). For kind 1 (prepared) Query is the text the id was prepared
/// from on this peer, or null when the id is unknown to it.
/// </summary>
public sealed record BatchEntry(byte Kind, string? Query, byte[]? PreparedId, IReadOnlyList<BoundValue> Values)
{
    public bool IsPrepared => Kind == 1;
}
