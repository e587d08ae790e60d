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

    public DeliveryHandler(EventProcessor processor, IOptions<CacheSyncOptions> options, TimeProvider time, ILogger<DeliveryHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _processor = processor;
        _retry = options.Value.Retry;
        _time = time;
        _logger = logger;
    }

    public async Task<DeliveryDecision> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var progress = new DeliveryProgress();
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await _processor.ProcessAsync(body, progress, cancellationToken).ConfigureAwait(false);
            switch (outcome.Kind)
            {
                case OutcomeKind.Applied or OutcomeKind.Duplicate or OutcomeKind.Stale:
                    _logger.LogDebug("Event {EventId} ({Entity}/{Key} v{Version}, {Op}): {Outcome}",
                        outcome.Event!.Id, outcome.Event.Entity, outcome.Event.Key, outcome.Event.Version, outcome.Event.Op, outcome.Kind);
                    return new DeliveryDecision(DeliveryAction.Ack, outcome, attempt);

                case OutcomeKind.Poison:
                    _logger.LogWarning("Dead-lettering event {EventId} ({Entity}/{Key}): {Reason}: {Detail}",
                        outcome.Event?.Id, outcome.Event?.Entity, outcome.Event?.Key, outcome.Reason, outcome.Detail);
                    return new DeliveryDecision(DeliveryAction.DeadLetter, outcome, attempt);

                case OutcomeKind.TransientFailure when attempt >= _retry.MaxAttempts:
                    // Shutdown is never a reason to dead-letter: the message goes back to the queue instead.
                    cancellationToken.ThrowIfCancellationRequested();
                    _logger.LogError(outcome.Exception, "Dead-lettering event {EventId} ({Entity}/{Key}) after {Attempts} attempts",
                        outcome.Event?.Id, outcome.Event?.Entity, outcome.Event?.Key, attempt);
                    return new DeliveryDecision(DeliveryAction.DeadLetter, outcome.AsRetriesExhausted(attempt, progress.StoreApplied), attempt);

                default:
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
                    var delay = _retry.DelayBefore(attempt + 1, Random.Shared.NextDouble());
#pragma warning restore CA5394
                    _logger.LogWarning("Event {EventId} ({Entity}/{Key}) failed (attempt {Attempt} of {MaxAttempts}), retrying in {Delay} ms: {Error}",
                        outcome.Event?.Id, outcome.Event?.Entity, outcome.Event?.Key, attempt, _retry.MaxAttempts,
                        (int)delay.TotalMilliseconds, outcome.Exception?.Message);
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }
}
