namespace CacheSync.Reliability.Accounting;

/// <summary>What was published, as far as the broker confirmed it: the events the accounting must find a place for.</summary>
public sealed class EventLedger
{
    private readonly IReadOnlyDictionary<string, int> _copies;

    private EventLedger(IReadOnlyList<ScenarioEvent> events, IReadOnlyDictionary<string, int> copies)
    {
        Events = events;
        _copies = copies;
    }

    /// <summary>Each confirmed event once.</summary>
    public IReadOnlyList<ScenarioEvent> Events { get; }

    public int TotalCopies => _copies.Values.Sum();

    public int CopiesOf(string eventId) => _copies.GetValueOrDefault(eventId);

    /// <summary>The script's events that the broker confirmed at least once (an unconfirmed one may or may not exist).</summary>
    public static EventLedger Of(EventScript script, IReadOnlyDictionary<string, int> confirmedCopies)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(confirmedCopies);
        var events = script.Events.Where(e => confirmedCopies.ContainsKey(e.Id)).ToList();
        return new EventLedger(events, confirmedCopies.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal));
    }
}
