namespace CacheSync.Reliability.Accounting;

/// <summary>
/// What each worker decided for each delivery it acked (Applied, Duplicate, Stale), from the DeliveryHandler's log:
/// <see cref="WorkerHarness.Outcomes"/> in process, the JSON console log of a worker process. One log per worker.
/// </summary>
/// <param name="Complete">
/// False when a worker was killed: its last lines may never have been written, so the logs are a lower bound and
/// only "never applied twice" can be read from them, not "decided once".
/// </param>
/// <param name="ReplicasMayRace">
/// Two replicas may both decide (applied or stale) copies of one event processed at the same instant: the
/// idempotency record is a check, not a lock (README, "Consistency rules"), and the fences make the second apply
/// change nothing (the store effect log still shows one write). When true, that is counted and shown rather than
/// failed; within one worker it is always a failure.
/// </param>
public sealed record WorkerDecisions(IReadOnlyList<IReadOnlyList<(string EventId, string Outcome)>> Logs, bool Complete, bool ReplicasMayRace = false)
{
    public const string Applied = "Applied";
    public const string Duplicate = "Duplicate";
    public const string Stale = "Stale";

    /// <summary>The complete log of the one worker of a scenario (never killed).</summary>
    public static WorkerDecisions OfOneWorker(IReadOnlyList<(string EventId, string Outcome)> log) => new([log], Complete: true);

    public int Count(string outcome) => Logs.Sum(log => log.Count(o => o.Outcome == outcome));
}
