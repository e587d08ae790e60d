using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CacheSync.Worker.Transport;

/// <summary>Declares the DLQ at start-up, so operators see it before the first failure.</summary>
internal sealed class DeadLetterQueueInitializer : IHostedService
{
    private readonly DeadLetterPublisher _deadLetters;
    private readonly ILogger<DeadLetterQueueInitializer> _logger;

    public DeadLetterQueueInitializer(DeadLetterPublisher deadLetters, ILogger<DeadLetterQueueInitializer> logger)
    {
        _deadLetters = deadLetters;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _deadLetters.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal: the broker may come up later, and every dead letter declares the queue again first.
            _logger.LogWarning(ex, "Could not declare the dead-letter queue yet");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
