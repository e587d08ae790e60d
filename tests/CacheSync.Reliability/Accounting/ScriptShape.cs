namespace CacheSync.Reliability.Accounting;

/// <summary>How big and how hostile a scenario's stream is. Every choice is drawn from <see cref="Seed"/>, so a failure replays.</summary>
/// <param name="Seed">Seeds every random choice: keys, versions, operations, duplicates and the publish order.</param>
/// <param name="Events">Distinct events (distinct ids).</param>
/// <param name="Keys">Records they write; every fourth one is a write-around <c>audit_entry</c>, the rest write-through <c>user_model</c>.</param>
/// <param name="DuplicateFraction">Share of events published a second time with the same id and body.</param>
/// <param name="DeleteFraction">Share of events that are deletes.</param>
/// <param name="AdjacentDuplicateFraction">Share of the duplicates published right behind their first copy (the rest land anywhere later).</param>
/// <param name="FarMoveFraction">Share of events published anywhere in the stream rather than close to their place.</param>
public sealed record ScriptShape(
    int Seed,
    int Events,
    int Keys,
    double DuplicateFraction = 0.1,
    double DeleteFraction = 0.1,
    double AdjacentDuplicateFraction = 0.25,
    double FarMoveFraction = 0.05);
