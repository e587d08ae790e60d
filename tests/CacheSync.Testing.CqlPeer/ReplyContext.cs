namespace CacheSync.Testing.CqlPeer;

/// <summary>The request-dependent inputs of a reply body: Skip_metadata asked, and the id of a Prepared result.</summary>
internal readonly record struct ReplyContext(bool SkipMetadata, byte[]? PreparedId);
