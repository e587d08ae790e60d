namespace CacheSync.Testing.CqlPeer;

/// <summary>The &lt;type&gt; byte of a BATCH (spec section 4.1.7).</summary>
public enum BatchType : byte
{
    Logged = 0,
    Unlogged = 1,
    Counter = 2,
}
