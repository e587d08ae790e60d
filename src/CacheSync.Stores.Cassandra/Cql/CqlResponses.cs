namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>A decoded response frame. Errors are not responses here: they are thrown as <see cref="CqlServerException"/>.</summary>
public abstract record CqlResponse;

public sealed record ReadyResponse : CqlResponse;

public sealed record AuthenticateResponse(string Authenticator) : CqlResponse;

public sealed record AuthChallengeResponse(byte[]? Token) : CqlResponse;

public sealed record AuthSuccessResponse(byte[]? Token) : CqlResponse;

public sealed record SupportedResponse(IReadOnlyDictionary<string, IReadOnlyList<string>> Options) : CqlResponse;

/// <summary>RESULT of kind Void (0x0001): a write or DDL with nothing to return.</summary>
public sealed record VoidResult : CqlResponse;

/// <summary>RESULT of kind Rows (0x0002). Cells stay serialized until read through <see cref="CqlRow"/>.</summary>
public sealed record RowsResult(ResultMetadata Metadata, IReadOnlyList<CqlRow> Rows) : CqlResponse;

/// <summary>RESULT of kind Set_keyspace (0x0003), the answer to USE.</summary>
public sealed record SetKeyspaceResult(string Keyspace) : CqlResponse;

/// <summary>RESULT of kind Prepared (0x0004).</summary>
public sealed record PreparedResult(byte[] Id, ResultMetadata Variables, ResultMetadata Result) : CqlResponse;

/// <summary>RESULT of kind Schema_change (0x0005): e.g. CREATED TABLE ks.t.</summary>
public sealed record SchemaChangeResult(string ChangeType, string Target, string Keyspace, string? Name) : CqlResponse;

/// <summary>An EVENT pushed by the server (stream -1); this client registers for none, but tolerates them.</summary>
public sealed record EventResponse(string EventType) : CqlResponse;
