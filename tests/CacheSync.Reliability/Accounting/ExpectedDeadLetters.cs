namespace CacheSync.Reliability.Accounting;

/// <summary>
/// The dead letters a scenario expects at the moment of an audit: how many copies of which events, all with one
/// reason. Anything else in the DLQ, or anything missing from it, is a failure of the accounting.
/// </summary>
public sealed record ExpectedDeadLetters(IReadOnlyDictionary<string, int> CopiesById, string Reason)
{
    /// <summary>A fault scenario's usual expectation: a dependency failing is never a reason to dead-letter.</summary>
    public static ExpectedDeadLetters None { get; } = new(new Dictionary<string, int>(), "(none)");

    public int TotalCopies => CopiesById.Values.Sum();

    public bool Contains(string eventId) => CopiesById.ContainsKey(eventId);

    /// <summary>Every confirmed copy of these events, with this reason.</summary>
    public static ExpectedDeadLetters AllCopiesOf(IEnumerable<ScenarioEvent> events, EventLedger ledger, string reason)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(ledger);
        return new(events.ToDictionary(e => e.Id, e => ledger.CopiesOf(e.Id), StringComparer.Ordinal), reason);
    }
}
