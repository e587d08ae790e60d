namespace CacheSync.Core.Storage;

/// <summary>What a fenced write did, and the record it found in place (read in the same transaction where the store can).</summary>
/// <param name="Previous">The record before the write, or null when the store had none; the processor renders the old
/// owner's dependent keys from it (a model moved from one user to another makes both users' lists wrong).</param>
public readonly record struct StoreWriteResult(StoreWriteOutcome Outcome, StoredRecord? Previous);
