namespace CacheSync.Reliability.Accounting;

/// <summary>One write that changed a record row, in commit order (see <see cref="StoreEffectLog"/>).</summary>
public sealed record StoreEffect(long Sequence, string Table, string Key, long Version, bool Deleted);
