using CacheSync.Core.Policies;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CacheSync.Core.Processing;

/// <summary>
/// Runs the processor for one delivery, retrying transient failures with exponential backoff and jitter,
/// and decides whether the transport acks the message or moves it to the DLQ.
/// </summary>
/// <remarks>
/// Retries live here, not in the transport, so that every transport keeps the same guarantees.
/// When the host begins to stop, an attempt under way is allowed to finish, but no further attempt starts:
/// a message waiting to be retried throws <see cref="OperationCanceledException"/>, and the transport must then
/// return it to the queue, never ack it and never dead-letter it. Cancellation of the token passed in does the same.
/// </remarks>
public sealed class DeliveryHandler
{
    private readonly EventProcessor _processor;
    private readonly RetryOptions _retry;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryHandler> _logger;

    private readonly CancellationToken _stopping;

    public DeliveryHandler(
        EventProcessor processor,
        IOptions<CacheSyncOptions> options,
        TimeProvider time,
        ILogger<DeliveryHandler> logger,
        IHostApplicationLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _processor = processor;
        _retry = options.Value.Retry;
        _time = time;
        _logger = logger;
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
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
                    _stopping.ThrowIfCancellationRequested();
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
                    using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping))
                    {
                        await Task.Delay(delay, _time, waiting.Token).ConfigureAwait(false);
                    }

                    _stopping.ThrowIfCancellationRequested();
                    break;
            }
        }
    }
}
