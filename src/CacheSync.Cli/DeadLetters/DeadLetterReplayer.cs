using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CacheSync.Cli.DeadLetters;

/// <summary>
/// Sends matching dead letters back to the worker. Each copy is published with publisher confirms and
/// <c>mandatory</c>; only when the broker has confirmed it is the original acknowledged (removed from the DLQ).
/// Killed at any point, a replay leaves every message in the DLQ, or in the work queue, or (confirmed but not yet
/// acknowledged) in both, where the worker's idempotency absorbs the duplicate; never in neither.
/// </summary>
internal sealed class DeadLetterReplayer(IChannel publisher, string exchange, Func<DeadLetter, string> routingKeyOf)
{
    public async Task<ReplaySummary> ReplayAsync(
        DeadLetterBrowser browser, DeadLetterFilter filter, int? limit, double? ratePerSecond, Action<DeadLetter>? onReplayed, CancellationToken cancellationToken)
    {
        int done = 0, skipped = 0;
        var failures = new List<string>();
        var pace = ratePerSecond is { } rate ? TimeSpan.FromSeconds(1 / rate) : TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        await foreach (var letter in browser.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!filter.Matches(letter) || done + failures.Count >= limit)
            {
                skipped++;
                continue;
            }

            // Paced by schedule rather than by sleeping after each message, so publish time does not slow the rate.
            var due = pace * (done + failures.Count);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, cancellationToken).ConfigureAwait(false);

            try
            {
                await publisher.BasicPublishAsync(exchange, routingKeyOf(letter), mandatory: true, ReplayCopy.PropertiesOf(letter), letter.Body, cancellationToken).ConfigureAwait(false);
            }
            catch (PublishException e)
            {
                // Not confirmed (nacked, or returned as unroutable): the original stays in the DLQ.
                failures.Add($"{letter.Id}: the broker did not take the copy ({(e.IsReturn ? "no queue took it" : "nacked")})");
                continue;
            }

            await browser.AcknowledgeAsync(letter, cancellationToken).ConfigureAwait(false);
            done++;
            onReplayed?.Invoke(letter);
        }

        return new ReplaySummary(done, skipped, failures.Count, failures);
    }
}
