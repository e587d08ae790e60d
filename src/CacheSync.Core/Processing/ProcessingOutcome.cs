using CacheSync.Contracts;

namespace CacheSync.Core.Processing;

/// <summary>What the processor made of one message; the transport acks, retries or dead-letters accordingly.</summary>
public sealed record ProcessingOutcome
{
    private ProcessingOutcome(OutcomeKind kind, WriteEvent? writeEvent, string? reason, string? detail, Exception? exception)
    {
        Kind = kind;
        Event = writeEvent;
        Reason = reason;
        Detail = detail;
        Exception = exception;
    }

    public OutcomeKind Kind { get; }

    /// <summary>The decoded event, when the message was one.</summary>
    public WriteEvent? Event { get; }

    /// <summary>A stable reason code (see <see cref="ContractReasons"/> and <see cref="ProcessingReasons"/>) for poison and failures.</summary>
    public string? Reason { get; }

    public string? Detail { get; }

    public Exception? Exception { get; }

    public static ProcessingOutcome Applied(WriteEvent e) => new(OutcomeKind.Applied, e, null, null, null);

    public static ProcessingOutcome Duplicate(WriteEvent e) => new(OutcomeKind.Duplicate, e, null, null, null);

    public static ProcessingOutcome Stale(WriteEvent e) => new(OutcomeKind.Stale, e, null, null, null);

    public static ProcessingOutcome Poison(string reason, string detail, WriteEvent? e = null) =>
        new(OutcomeKind.Poison, e, reason, detail, null);

    public static ProcessingOutcome TransientFailure(WriteEvent e, Exception exception) =>
        new(OutcomeKind.TransientFailure, e, ProcessingReasons.Transient, exception.Message, exception);

    /// <summary>The same failure, now final: the retry budget is spent.</summary>
    /// <param name="storeApplied">The store took the write before the failure: say so, since the cache may be behind until a replay.</param>
    public ProcessingOutcome AsRetriesExhausted(int attempts, bool storeApplied) =>
        new(OutcomeKind.Poison, Event, ProcessingReasons.RetriesExhausted,
            $"gave up after {attempts} attempts: {Detail}" +
            (storeApplied ? " (the store holds this write; the cache may be behind until the event is replayed)" : string.Empty),
            Exception);
}
