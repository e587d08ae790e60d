using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CacheSync.Cli.Broker;
using CacheSync.Cli.DeadLetters;
using Spectre.Console;

namespace CacheSync.Cli.Commands;

/// <summary><c>cachesync dlq list</c>: the dead letters, as a table or one JSON object per line. Nothing leaves the DLQ.</summary>
internal static class DlqListCommand
{
    public static Command Create(GlobalOptions global, CliOutput output)
    {
        var filters = new DeadLetterFilterOptions();
        var json = new Option<bool>("--json") { Description = "One JSON object per line, for scripts." };
        var command = new Command("list", "List dead letters (id, entity, key, op, version, reason, attempts, failed-at); the DLQ is left as it was.");
        filters.AddTo(command, withId: false);
        command.Options.Add(json);
        command.SetAction(async (parse, ct) =>
        {
            var settings = global.Settings(parse);
            var filter = filters.Filter(parse);
            var limit = filters.LimitOf(parse);
            await using var broker = await BrokerSession.OpenAsync(settings, ct).ConfigureAwait(false);
            await using var browser = await DeadLetterBrowser.OpenAsync(broker, settings.DeadLetterQueue, ct).ConfigureAwait(false);
            var matching = new List<DeadLetter>();
            await foreach (var letter in browser.ReadAsync(ct).ConfigureAwait(false))
            {
                if (!filter.Matches(letter)) continue;
                matching.Add(letter);
                if (matching.Count >= limit) break;
            }

            if (parse.GetValue(json))
            {
                foreach (var letter in matching) output.Line(JsonSerializer.Serialize(DeadLetterExport.Summary(letter), CliJson.Options));
                return ExitCodes.Success;
            }

            var table = new Table();
            foreach (var column in Columns) table.AddColumn(column);
            foreach (var letter in matching)
            {
                table.AddRow(new[]
                {
                    letter.Id, letter.Entity ?? "-", letter.Key ?? "-", letter.Op ?? "-", letter.Version ?? "-", letter.Reason,
                    letter.Attempts ?? "-", letter.FailedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                }.Select(Markup.Escape).ToArray());
            }

            output.Console.Write(table);
            output.Line($"{matching.Count} of {browser.Depth} dead letters");
            return ExitCodes.Success;
        });
        return command;
    }

    private static readonly string[] Columns = ["id", "entity", "key", "op", "version", "reason", "attempts", "failed at"];
}
