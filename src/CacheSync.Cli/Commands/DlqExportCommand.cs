using System.CommandLine;
using CacheSync.Cli.Broker;
using CacheSync.Cli.DeadLetters;

namespace CacheSync.Cli.Commands;

/// <summary><c>cachesync dlq export --out FILE.jsonl</c>: matching dead letters, complete, one JSON object per line. Nothing leaves the DLQ.</summary>
internal static class DlqExportCommand
{
    public static Command Create(GlobalOptions global, CliOutput output)
    {
        var filters = new DeadLetterFilterOptions();
        var file = new Option<FileInfo>("--out") { Description = "The JSON-lines file to write (replaced if it exists).", Required = true };
        var command = new Command("export", "Write dead letters (body, properties, headers, reason) to a JSON-lines file; the DLQ is left as it was.");
        filters.AddTo(command);
        command.Options.Add(file);
        command.SetAction(async (parse, ct) =>
        {
            var settings = global.Settings(parse);
            var filter = filters.Filter(parse);
            var limit = filters.LimitOf(parse);
            await using var broker = await BrokerSession.OpenAsync(settings, ct).ConfigureAwait(false);
            await using var browser = await DeadLetterBrowser.OpenAsync(broker, settings.DeadLetterQueue, ct).ConfigureAwait(false);
            var target = parse.GetValue(file)!;
            var written = await ExportAsync(browser, filter, limit, target, append: false, _ => Task.CompletedTask, ct).ConfigureAwait(false);
            output.Line($"exported {written} dead letters to {target.FullName}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Writes every matching letter (up to the limit) to the file, calling <paramref name="afterWrite"/> once each
    /// line is on disk (flushed through the OS cache), so a purge never removes a message before its copy is safe.
    /// </summary>
    /// <param name="append">Add to the file (a purge must never replace an earlier purge's copies) rather than replace it.</param>
    public static async Task<int> ExportAsync(
        DeadLetterBrowser browser, DeadLetterFilter filter, int? limit, FileInfo target, bool append, Func<DeadLetter, Task> afterWrite, CancellationToken ct)
    {
        FileStream file;
        try
        {
            file = new FileStream(target.FullName, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"--out: cannot write '{target.FullName}': {e.Message}", e);
        }

        var writer = new StreamWriter(file, new System.Text.UTF8Encoding(false));
        var written = 0;
        await using (writer.ConfigureAwait(false))
        {
            await foreach (var letter in browser.ReadAsync(ct).ConfigureAwait(false))
            {
                if (!filter.Matches(letter)) continue;
                if (written >= limit) break;
                await writer.WriteLineAsync(DeadLetterExport.ToJsonLine(letter).AsMemory(), ct).ConfigureAwait(false);
                await writer.FlushAsync(ct).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                written++;
                await afterWrite(letter).ConfigureAwait(false);
            }
        }

        return written;
    }
}
