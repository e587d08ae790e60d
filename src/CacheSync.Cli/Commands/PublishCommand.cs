using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CacheSync.Cli.Broker;
using CacheSync.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CacheSync.Cli.Commands;

/// <summary>
/// <c>cachesync publish</c>: one event from options, or many from a JSON-lines file (<c>-</c> for standard input),
/// each checked against the contract first (as the worker would) and published persistent, with confirms.
/// </summary>
internal static class PublishCommand
{
    public static Command Create(GlobalOptions global, CliOutput output)
    {
        var entity = new Option<string?>("--entity") { Description = "The event's entity." };
        var key = new Option<string?>("--key") { Description = "The record's key." };
        var op = new Option<string>("--op") { Description = "upsert or delete.", DefaultValueFactory = _ => "upsert" };
        var version = new Option<long?>("--version") { Description = "The event's version (default: microseconds since the epoch)." };
        var data = new Option<string?>("--data") { Description = "The record's data, a JSON object (upserts)." };
        var id = new Option<string?>("--id") { Description = "The event id (default: a new UUID)." };
        var file = new Option<string?>("--file") { Description = "Publish every line of this JSON-lines file instead; - reads standard input." };
        var command = new Command("publish", "Publish one event from options, or many from a JSON-lines file or standard input, with publisher confirms.");
        foreach (var option in new Option[] { entity, key, op, version, data, id, file }) command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var settings = global.Settings(parse);
            var events = parse.GetValue(file) is { } path
                ? await ReadLinesAsync(path, ct).ConfigureAwait(false)
                : [FromOptions(parse.GetValue(entity), parse.GetValue(key), parse.GetValue(op)!, parse.GetValue(version), parse.GetValue(data), parse.GetValue(id))];

            // Every event is checked before any is sent: a bad line 900 must not leave 899 published.
            var checkedEvents = events.Select((body, index) => Check(body, index + 1, events.Count)).ToList();

            await using var broker = await BrokerSession.OpenAsync(settings, ct).ConfigureAwait(false);
            await using var channel = await broker.ChannelAsync(confirms: true, ct).ConfigureAwait(false);
            var published = 0;
            foreach (var (writeEvent, body) in checkedEvents)
            {
                var properties = new BasicProperties { Persistent = true, ContentType = "application/json", MessageId = writeEvent.Id };
                try
                {
                    await channel.BasicPublishAsync(settings.Exchange, WriteEventEncoder.RoutingKey(writeEvent), mandatory: true, properties, body, ct).ConfigureAwait(false);
                }
                catch (PublishException e)
                {
                    throw new CliException(ExitCodes.PartialFailure,
                        $"event {writeEvent.Id} was not accepted ({(e.IsReturn ? $"no queue is bound to {settings.Exchange} for {WriteEventEncoder.RoutingKey(writeEvent)}" : "nacked")}); {published} published before it.", e);
                }
                catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
                {
                    throw new CliException(ExitCodes.QueueMissing, $"the exchange '{settings.Exchange}' does not exist on {broker.Display}.", e);
                }

                published++;
            }

            output.Line(checkedEvents.Count == 1
                ? $"published {checkedEvents[0].Event.Id} ({checkedEvents[0].Event.Entity}/{checkedEvents[0].Event.Key} v{checkedEvents[0].Event.Version}) to {settings.Exchange}"
                : $"published {published} events to {settings.Exchange}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static byte[] FromOptions(string? entity, string? key, string op, long? version, string? data, string? id)
    {
        if (entity is null || key is null) throw new CliException(ExitCodes.Usage, "publish needs --entity and --key (or --file).");
        var writer = new Dictionary<string, object?>
        {
            ["id"] = id ?? Guid.NewGuid().ToString(),
            ["entity"] = entity,
            ["key"] = key,
            ["op"] = op,
            ["version"] = version ?? new MonotonicTimestamps().Next(),
            ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        if (data is not null)
        {
            try
            {
                writer["data"] = JsonDocument.Parse(data).RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new CliException(ExitCodes.Usage, $"--data: not JSON ({e.Message}).", e);
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(writer, CliJson.Options);
    }

    private static async Task<List<byte[]>> ReadLinesAsync(string path, CancellationToken ct)
    {
        List<byte[]> lines;
        if (path == "-")
        {
            lines = await ReadAllAsync(Console.In, ct).ConfigureAwait(false);
        }
        else if (File.Exists(path))
        {
            using var file = new StreamReader(path, Encoding.UTF8);
            lines = await ReadAllAsync(file, ct).ConfigureAwait(false);
        }
        else
        {
            throw new CliException(ExitCodes.Usage, $"--file: '{path}' does not exist.");
        }

        if (lines.Count == 0) throw new CliException(ExitCodes.Usage, $"--file: '{path}' holds no events.");
        return lines;
    }

    private static async Task<List<byte[]>> ReadAllAsync(TextReader reader, CancellationToken ct)
    {
        var lines = new List<byte[]>();
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line)) lines.Add(Encoding.UTF8.GetBytes(line));
        }

        return lines;
    }

    private static (WriteEvent Event, byte[] Body) Check(byte[] body, int line, int lines)
    {
        var decoded = WriteEventDecoder.Decode(body);
        if (decoded.IsValid) return (decoded.Event, body);
        var where = lines == 1 ? "the event" : $"line {line}";
        throw new CliException(ExitCodes.Usage, $"{where} breaks the contract ({decoded.Violation.Reason}): {decoded.Violation.Detail}; nothing was published.");
    }
}
