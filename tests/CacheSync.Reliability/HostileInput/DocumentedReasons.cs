using CacheSync.Contracts;
using CacheSync.Core.Processing;

namespace CacheSync.Reliability.HostileInput;

/// <summary>The reason codes README "Reasons a message is dead-lettered" documents: nothing else may reach a dead letter.</summary>
internal static class DocumentedReasons
{
    /// <summary>What the decoder alone may answer.</summary>
    public static IReadOnlySet<string> Contract { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ContractReasons.BadJson,
        ContractReasons.MissingField,
        ContractReasons.WrongType,
        ContractReasons.InvalidValue,
        ContractReasons.NegativeVersion,
        ContractReasons.UnknownOp,
        ContractReasons.Oversize,
    };

    /// <summary>What hostile input may earn once the policies and the transport judge it too.</summary>
    public static IReadOnlySet<string> Poison { get; } = new HashSet<string>(Contract.Concat(
    [
        ProcessingReasons.UnknownEntity,
        ProcessingReasons.ValidationFailed,
        ProcessingReasons.UnsupportedContentType,
    ]), StringComparer.Ordinal);

    /// <summary>
    /// Every reason a dead letter may carry. <c>retries-exhausted</c> and <c>transport-error</c> are documented, but
    /// hostile input earning them means the worker took a bad message for a dependency failure or a transport bug.
    /// </summary>
    public static IReadOnlySet<string> DeadLetter { get; } = new HashSet<string>(Poison.Concat(
    [
        ProcessingReasons.RetriesExhausted,
        ProcessingReasons.TransportError,
    ]), StringComparer.Ordinal);
}
