using CacheSync.Core.Policies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CacheSync.Core.Processing;

/// <summary>
/// Runs the processor for one delivery, retrying transient failures with exponential backoff and jitter,
/// and decides whether the transport acks the message or moves it to the DLQ.
/// </summary>
/// <remarks>
/// Retries live here, not in the transport, so that every transport keeps the same guarantees.
/// Cancellation (the transport's signal that it is shutting down and can wait no longer) propagates as
/// <see cref="OperationCanceledException"/>, even when the retry budget is spent: the transport must then return
/// the message to the queue, never ack it and never dead-letter it.
/// </remarks>
public sealed class DeliveryHandler
{
    private readonly EventProcessor _processor;
    private readonly RetryOptions _retry;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryHandler> _logger;

    private readonly DependencyCircuitBreaker _breaker;
    private readonly ProcessingTelemetry? _telemetry;

    public DeliveryHandler(
        EventProcessor processor,
        IOptions<CacheSyncOptions> options,
        TimeProvider time,
        ILogger<DeliveryHandler> logger,
        DependencyCircuitBreaker? breaker = null,
        ProcessingTelemetry? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _processor = processor;
        _retry = options.Value.Retry;
        _time = time;
        _logger = logger;
        _breaker = breaker ?? new DependencyCircuitBreaker(options, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<DependencyCircuitBreaker>.Instance);
        _telemetry = telemetry;
    }

    public async Task<DeliveryDecision> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetTimestamp();
        var progress = new DeliveryProgress();
        var budgetSpent = 0;
        for (var attempt = 1; ; attempt++)
        {
            await _breaker.WaitUntilClosedAsync(cancellationToken).ConfigureAwait(false);
            var outcome = await _processor.ProcessAsync(body, progress, cancellationToken).ConfigureAwait(false);
            switch (outcome.Kind)
            {
                case OutcomeKind.Applied or OutcomeKind.Duplicate or OutcomeKind.Stale:
                    _breaker.RecordSuccess();
                    _logger.LogDebug("Event {EventId} ({Entity}/{Key} v{Version}, {Op}): {Outcome}",
                        outcome.Event!.Id, outcome.Event.Entity, outcome.Event.Key, outcome.Event.Version, outcome.Event.Op, outcome.Kind);
                    _telemetry?.RecordDecision(outcome, startedAt);
                    return new DeliveryDecision(DeliveryAction.Ack, outcome, attempt);

                case OutcomeKind.Poison:
                    _logger.LogWarning("Dead-lettering event {EventId} ({Entity}/{Key}): {Reason}: {Detail}",
                        outcome.Event?.Id, outcome.Event?.Entity, outcome.Event?.Key, outcome.Reason, outcome.Detail);
                    _telemetry?.RecordDecision(outcome, startedAt);
                    return new DeliveryDecision(DeliveryAction.DeadLetter, outcome, attempt);
            }

            // A transient failure. During an outage (the breaker open) it does not count against this message's
            // budget: the breaker paces the next attempt, and the message waits instead of going to the DLQ.
            var outage = _breaker.RecordFailure(outcome.Event!.Id);
            if (!outage) budgetSpent++;
            if (budgetSpent >= _retry.MaxAttempts)
            {
                // Shutdown is never a reason to dead-letter: the message goes back to the queue instead.
                cancellationToken.ThrowIfCancellationRequested();
                _logger.LogError(outcome.Exception, "Dead-lettering event {EventId} ({Entity}/{Key}) after {Attempts} attempts",
                    outcome.Event.Id, outcome.Event.Entity, outcome.Event.Key, attempt);
                var exhausted = outcome.AsRetriesExhausted(attempt, progress.StoreApplied);
                _telemetry?.RecordDecision(exhausted, startedAt);
                return new DeliveryDecision(DeliveryAction.DeadLetter, exhausted, attempt);
            }

            _telemetry?.RecordRetry(outcome);
            if (outage) continue;

#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
            var delay = _retry.DelayBefore(budgetSpent + 1, Random.Shared.NextDouble());
#pragma warning restore CA5394
            _logger.LogWarning("Event {EventId} ({Entity}/{Key}) failed (attempt {Attempt} of {MaxAttempts}), retrying in {Delay} ms: {Error}",
                outcome.Event.Id, outcome.Event.Entity, outcome.Event.Key, budgetSpent, _retry.MaxAttempts,
                (int)delay.TotalMilliseconds, outcome.Exception?.Message);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
