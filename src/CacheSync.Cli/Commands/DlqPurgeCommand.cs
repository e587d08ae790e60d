using System.CommandLine;
using CacheSync.Cli.Broker;
using CacheSync.Cli.DeadLetters;

namespace CacheSync.Cli.Commands;

/// <summary>
/// <c>cachesync dlq purge [filters] --yes [--export FILE]</c>: removes matching dead letters for good; with
/// <c>--export</c>, each is written (and flushed) to the file before it is removed.
/// </summary>
internal static class DlqPurgeCommand
{
    public static Command Create(GlobalOptions global, CliOutput output)
    {
        var filters = new DeadLetterFilterOptions();
        var yes = new Option<bool>("--yes") { Description = "Really delete. Without it, purge refuses to run." };
        var export = new Option<FileInfo?>("--export") { Description = "First append each purged dead letter to this JSON-lines file (synced to disk before it is removed)." };
        var command = new Command("purge", "Delete dead letters for good (refuses without --yes; --export keeps a copy first).");
        filters.AddTo(command);
        command.Options.Add(yes);
        command.Options.Add(export);
        command.SetAction(async (parse, ct) =>
        {
            var settings = global.Settings(parse);
            var filter = filters.Filter(parse);
            var limit = filters.LimitOf(parse);
            if (!parse.GetValue(yes))
            {
                throw new CliException(ExitCodes.Usage, "purge deletes dead letters for good: add --yes to do it (and --export FILE to keep a copy).");
            }

            await using var broker = await BrokerSession.OpenAsync(settings, ct).ConfigureAwait(false);
            await using var browser = await DeadLetterBrowser.OpenAsync(broker, settings.DeadLetterQueue, ct).ConfigureAwait(false);
            int purged;
            if (parse.GetValue(export) is { } file)
            {
                purged = await DlqExportCommand.ExportAsync(browser, filter, limit, file, append: true, letter => browser.AcknowledgeAsync(letter, ct), ct).ConfigureAwait(false);
                output.Line($"purged {purged} dead letters (each appended first to {file.FullName})");
                return ExitCodes.Success;
            }

            purged = 0;
            await foreach (var letter in browser.ReadAsync(ct).ConfigureAwait(false))
            {
                if (!filter.Matches(letter)) continue;
                if (purged >= limit) break;
                await browser.AcknowledgeAsync(letter, ct).ConfigureAwait(false);
                purged++;
            }

            output.Line($"purged {purged} dead letters");
            return ExitCodes.Success;
        });
        return command;
    }
}
