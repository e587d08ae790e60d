namespace CacheSync.Core.Processing;

/// <summary>The final word on one delivery, after in-process retries.</summary>
public sealed record DeliveryDecision(DeliveryAction Action, ProcessingOutcome Outcome, int Attempts);
