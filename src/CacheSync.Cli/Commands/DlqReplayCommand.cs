using System.CommandLine;
using CacheSync.Cli.Broker;
using CacheSync.Cli.DeadLetters;
using Spectre.Console;

namespace CacheSync.Cli.Commands;

/// <summary>
/// <c>cachesync dlq replay</c>: sends matching dead letters back to the worker's queue (or, with
/// <c>--to-exchange</c>, to the exchange they were first published to), each removed from the DLQ only once its
/// copy is confirmed.
/// </summary>
internal static class DlqReplayCommand
{
    public static Command Create(GlobalOptions global, CliOutput output)
    {
        var filters = new DeadLetterFilterOptions();
        var all = new Option<bool>("--all") { Description = "Replay every dead letter (required when no filter is given)." };
        var rate = new Option<double?>("--rate") { Description = "At most this many messages per second." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Change nothing; print what would be replayed." };
        var toExchange = new Option<bool>("--to-exchange") { Description = "Publish to the exchange instead of the work queue (every binding gets the copy again)." };
        var command = new Command("replay", "Send dead letters back to the worker, with publisher confirms; each leaves the DLQ only once its copy is confirmed.");
        filters.AddTo(command);
        command.Options.Add(all);
        command.Options.Add(rate);
        command.Options.Add(dryRun);
        command.Options.Add(toExchange);
        command.SetAction(async (parse, ct) =>
        {
            var settings = global.Settings(parse);
            var filter = filters.Filter(parse);
            var limit = filters.LimitOf(parse);
            if (filter.IsEmpty && !parse.GetValue(all))
            {
                throw new CliException(ExitCodes.Usage, "say which dead letters to replay (--id, --entity, --reason, --since) or --all.");
            }

            if (parse.GetValue(rate) is { } perSecond && !(perSecond >= 0.01 && perSecond <= 100_000))
            {
                throw new CliException(ExitCodes.Usage, $"--rate: must be between 0.01 and 100000 messages per second, not {perSecond}.");
            }

            await using var broker = await BrokerSession.OpenAsync(settings, ct).ConfigureAwait(false);
            var (exchange, routingKey, target) = parse.GetValue(toExchange)
                ? (settings.Exchange, (string?)null, $"exchange {settings.Exchange}")
                : (string.Empty, settings.Queue, $"queue {settings.Queue}");
            if (routingKey is not null) await broker.DepthAsync(settings.Queue, ct).ConfigureAwait(false); // the work queue must exist
            await using var browser = await DeadLetterBrowser.OpenAsync(broker, settings.DeadLetterQueue, ct).ConfigureAwait(false);

            if (parse.GetValue(dryRun)) return await DryRunAsync(output, browser, filter, limit, target, ct).ConfigureAwait(false);

            await using var publisher = await broker.ChannelAsync(confirms: true, ct).ConfigureAwait(false);
            ReplaySummary summary;
            if (output.IsInteractive && browser.Depth > 50)
            {
                summary = await output.Console.Progress().StartAsync(async progress =>
                {
                    var task = progress.AddTask("replaying", maxValue: limit is { } max ? Math.Min(max, browser.Depth) : browser.Depth);
                    return await Replayer(exchange, routingKey).ReplayAsync(browser, filter, limit, parse.GetValue(rate), _ => task.Increment(1), ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
            else
            {
                summary = await Replayer(exchange, routingKey).ReplayAsync(browser, filter, limit, parse.GetValue(rate), null, ct).ConfigureAwait(false);
            }

            // To the work queue through the default exchange; or to the exchange with the routing key it first had.
            DeadLetterReplayer Replayer(string ex, string? queue) => new(publisher, ex, letter => queue ?? OriginalRoutingKey(letter));

            foreach (var failure in summary.Failures) output.Line($"failed: {failure}");
            output.Line($"replayed {summary.Done}, skipped {summary.Skipped}, failed {summary.Failed} (to {target})");
            return summary.Failed > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
        });
        return command;
    }

    private static string OriginalRoutingKey(DeadLetter letter) =>
        letter.Header(CacheSync.Contracts.DeadLetterHeaders.OriginalRoutingKey) is { Length: > 0 } original ? original : $"{letter.Entity}.{letter.Op}";

    private static async Task<int> DryRunAsync(CliOutput output, DeadLetterBrowser browser, DeadLetterFilter filter, int? limit, string target, CancellationToken ct)
    {
        int would = 0, skipped = 0;
        await foreach (var letter in browser.ReadAsync(ct).ConfigureAwait(false))
        {
            if (!filter.Matches(letter) || would >= limit)
            {
                skipped++;
                continue;
            }

            would++;
            output.Line($"would replay {letter.Id} ({letter.Entity ?? "-"}/{letter.Key ?? "-"} v{letter.Version ?? "-"}, {letter.Reason})");
        }

        output.Line($"dry run: would replay {would}, skip {skipped} (to {target}); nothing was changed");
        return ExitCodes.Success;
    }
}
