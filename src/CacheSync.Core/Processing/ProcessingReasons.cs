using CacheSync.Contracts;

namespace CacheSync.Core.Processing;

/// <summary>
/// Reason codes the rules add to <see cref="ContractReasons"/>. They travel in dead-letter headers: never rename one.
/// </summary>
public static class ProcessingReasons
{
    /// <summary>No policy is configured for the event's entity.</summary>
    public const string UnknownEntity = "unknown-entity";

    /// <summary>The event is well-formed but breaks its entity's policy (a required field is missing, a key template cannot be filled).</summary>
    public const string ValidationFailed = "validation-failed";

    /// <summary>A transient failure outlived the retry budget.</summary>
    public const string RetriesExhausted = "retries-exhausted";

    /// <summary>The message's content type is not JSON.</summary>
    public const string UnsupportedContentType = "unsupported-content-type";

    /// <summary>The transport could not deliver a message the contract decoder accepts; the exception is in the headers.</summary>
    public const string TransportError = "transport-error";

    /// <summary>A dependency failed; used for outcomes that are still being retried, never in the DLQ.</summary>
    public const string Transient = "transient";
}
