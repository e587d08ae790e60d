namespace CacheSync.Contracts;

/// <summary>
/// Reason codes for messages that break the contract. They travel in the dead-letter header
/// <see cref="DeadLetterHeaders.Reason"/>, so they are part of the public surface: never rename one.
/// </summary>
public static class ContractReasons
{
    /// <summary>Not JSON, not UTF-8, nested too deep, or the root is not an object.</summary>
    public const string BadJson = "bad-json";

    public const string MissingField = "missing-field";

    public const string WrongType = "wrong-type";

    /// <summary>A field of the right type whose value is not allowed (empty id, control characters in a key…).</summary>
    public const string InvalidValue = "invalid-value";

    public const string NegativeVersion = "negative-version";

    public const string UnknownOp = "unknown-op";

    /// <summary>The message, or an entity's data, is larger than its configured limit.</summary>
    public const string Oversize = "oversize";
}
