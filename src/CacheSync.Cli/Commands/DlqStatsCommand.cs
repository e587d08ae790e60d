using System.CommandLine;
using CacheSync.Cli.Broker;
using CacheSync.Cli.DeadLetters;
using Spectre.Console;

namespace CacheSync.Cli.Commands;

/// <summary><c>cachesync dlq stats</c>: queue depths, and the DLQ counted by entity and by reason.</summary>
internal static class DlqStatsCommand
{
    public static Command Create(GlobalOptions global, CliOutput output)
    {
        var command = new Command("stats", "Depth of the DLQ and of the work queue; dead letters by entity and by reason.");
        command.SetAction(async (parse, ct) =>
        {
            var settings = global.Settings(parse);
            await using var broker = await BrokerSession.OpenAsync(settings, ct).ConfigureAwait(false);
            var workDepth = await broker.DepthAsync(settings.Queue, ct).ConfigureAwait(false);
            await using var browser = await DeadLetterBrowser.OpenAsync(broker, settings.DeadLetterQueue, ct).ConfigureAwait(false);
            var letters = new List<DeadLetter>();
            await foreach (var letter in browser.ReadAsync(ct).ConfigureAwait(false)) letters.Add(letter);

            output.Line($"work queue {settings.Queue}: {workDepth} ready");
            output.Line($"dead-letter queue {settings.DeadLetterQueue}: {browser.Depth} ready");
            Counts(output, "entity", letters.GroupBy(l => l.Entity ?? "(none)"));
            Counts(output, "reason", letters.GroupBy(l => l.Reason));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Counts(CliOutput output, string by, IEnumerable<IGrouping<string, DeadLetter>> groups)
    {
        var table = new Table().AddColumn(by).AddColumn(new TableColumn("dead letters").RightAligned());
        foreach (var group in groups.OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(group.Key), group.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        output.Console.Write(table);
    }
}
