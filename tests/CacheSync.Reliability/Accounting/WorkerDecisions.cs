namespace CacheSync.Reliability.Accounting;

/// <summary>
/// What the worker(s) decided for each delivery they acked (Applied, Duplicate, Stale), from the DeliveryHandler's
/// log: <see cref="WorkerHarness.Outcomes"/> in process, the JSON console log of a worker process.
/// </summary>
/// <param name="Complete">
/// False when a worker was killed: its last lines may never have been written, so the log is a lower bound and
/// only "never applied twice" can be read from it, not "decided once".
/// </param>
public sealed record WorkerDecisions(IReadOnlyList<(string EventId, string Outcome)> Outcomes, bool Complete)
{
    public const string Applied = "Applied";
    public const string Duplicate = "Duplicate";
    public const string Stale = "Stale";

    public int Count(string outcome) => Outcomes.Count(o => o.Outcome == outcome);

    public static WorkerDecisions Combine(bool complete, params IEnumerable<(string EventId, string Outcome)>[] logs) =>
        new([.. logs.SelectMany(l => l)], complete);
}
