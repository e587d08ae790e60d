namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// One [value] of a request (spec section 3): bytes, null (length -1) or "not set" (length -2).
/// Name is present only when the request used the "with names for values" flag (0x40).
/// </summary>
public readonly record struct BoundValue(byte[]? Bytes, bool IsNotSet = false, string? Name = null)
{
    public static BoundValue NotSet { get; } = new(null, IsNotSet: true);

    public bool IsNull => Bytes is null && !IsNotSet;

    public override string ToString() =>
        IsNotSet ? "<not set>" : Bytes is null ? "<null>" : Convert.ToHexString(Bytes);
}
