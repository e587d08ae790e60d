namespace CacheSync.Cli.DeadLetters;

/// <summary>What a replay or purge did: messages handled, left alone (not matching, or past the limit), and failed (still in the DLQ).</summary>
internal sealed record ReplaySummary(int Done, int Skipped, int Failed, IReadOnlyList<string> Failures);
