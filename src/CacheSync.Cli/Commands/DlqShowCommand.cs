using System.CommandLine;
using System.Text.Json;
using CacheSync.Cli.Broker;
using CacheSync.Cli.DeadLetters;
using Spectre.Console;

namespace CacheSync.Cli.Commands;

/// <summary><c>cachesync dlq show &lt;id&gt;</c>: one dead letter in full. It stays in the DLQ.</summary>
internal static class DlqShowCommand
{
    public static Command Create(GlobalOptions global, CliOutput output)
    {
        var id = new Argument<string>("id") { Description = "The event id (or message id) of the dead letter." };
        var command = new Command("show", "Show one dead letter: body, properties, every header, the reason and the exception.");
        command.Arguments.Add(id);
        command.SetAction(async (parse, ct) =>
        {
            var settings = global.Settings(parse);
            var wanted = parse.GetValue(id)!;
            await using var broker = await BrokerSession.OpenAsync(settings, ct).ConfigureAwait(false);
            await using var browser = await DeadLetterBrowser.OpenAsync(broker, settings.DeadLetterQueue, ct).ConfigureAwait(false);
            DeadLetter? found = null;
            await foreach (var letter in browser.ReadAsync(ct).ConfigureAwait(false))
            {
                if (letter.Id == wanted || letter.Properties.MessageId == wanted)
                {
                    found = letter;
                    break;
                }
            }

            if (found is null) throw new CliException(ExitCodes.NotFound, $"no dead letter with id '{wanted}' in {settings.DeadLetterQueue}.");

            var facts = new Table().AddColumn("field").AddColumn("value");
            void Row(string name, string? value) => facts.AddRow(Markup.Escape(name), Markup.Escape(value ?? "-"));
            Row("id", found.Id);
            Row("message id", found.Properties.MessageId);
            Row("entity / key", $"{found.Entity ?? "-"} / {found.Key ?? "-"}");
            Row("op / version", $"{found.Op ?? "-"} / {found.Version ?? "-"}");
            Row("reason", found.Reason);
            Row("detail", found.Detail);
            Row("exception", found.Header(CacheSync.Contracts.DeadLetterHeaders.ExceptionType) is { } type
                ? $"{type}: {found.Header(CacheSync.Contracts.DeadLetterHeaders.ExceptionMessage)}" : null);
            Row("attempts", found.Attempts);
            Row("failed at", found.FailedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            Row("content type", found.Properties.ContentType);
            Row("replay count", found.ReplayCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            output.Console.Write(facts);

            var headers = new Table().AddColumn("header").AddColumn("value");
            foreach (var (name, value) in found.Headers.OrderBy(h => h.Key, StringComparer.Ordinal)) headers.AddRow(Markup.Escape(name), Markup.Escape(value));
            output.Console.Write(headers);

            output.Line("body:");
            output.Line(Pretty(found));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Pretty(DeadLetter letter)
    {
        if (letter.BodyText is not { } text) return $"(not UTF-8; base64) {Convert.ToBase64String(letter.Body.Span)}";
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(document.RootElement, PrettyJson);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static readonly JsonSerializerOptions PrettyJson = new(CliJson.Options) { WriteIndented = true };
}
