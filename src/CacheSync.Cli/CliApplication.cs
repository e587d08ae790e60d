using System.CommandLine;
using CacheSync.Cli.Commands;

namespace CacheSync.Cli;

/// <summary>
/// <c>cachesync</c>: the command tree, and the one place failures become a line on stderr and an exit code
/// (<see cref="ExitCodes"/>): never a stack trace.
/// </summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var global = new GlobalOptions();
        var io = new CliOutput(output);
        var root = new RootCommand("cachesync: inspect and replay CacheSync's dead-letter queue, publish events, compare cache and store.");
        foreach (var option in global.All) root.Options.Add(option);

        var dlq = new Command("dlq", "Inspect, export, replay and purge the dead-letter queue.");
        dlq.Subcommands.Add(DlqStatsCommand.Create(global, io));
        dlq.Subcommands.Add(DlqListCommand.Create(global, io));
        dlq.Subcommands.Add(DlqShowCommand.Create(global, io));
        dlq.Subcommands.Add(DlqReplayCommand.Create(global, io));
        dlq.Subcommands.Add(DlqExportCommand.Create(global, io));
        dlq.Subcommands.Add(DlqPurgeCommand.Create(global, io));
        root.Subcommands.Add(dlq);
        root.Subcommands.Add(PublishCommand.Create(global, io));
        root.Subcommands.Add(GetCommand.Create(global, io));
        root.Subcommands.Add(HealthCommand.Create(global, io));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // System.CommandLine may report a consequence first ("Required command was not provided") and the cause
            // after it ("Unrecognized command or argument 'lst'"): one line with both.
            var messages = string.Join("; ", parse.Errors.Select(e => e.Message.TrimEnd('.')).Distinct().Reverse());
            await error.WriteLineAsync($"cachesync: {messages} (see cachesync --help)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await error.WriteLineAsync($"cachesync: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cachesync: cancelled; every message not yet confirmed elsewhere is back in its queue.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            await error.WriteLineAsync($"cachesync: not found on the broker: {e.ShutdownReason.ReplyText}").ConfigureAwait(false);
            return ExitCodes.QueueMissing;
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.AlreadyClosedException or RabbitMQ.Client.Exceptions.OperationInterruptedException
                                       or RabbitMQ.Client.Exceptions.BrokerUnreachableException)
        {
            await error.WriteLineAsync($"cachesync: the connection to RabbitMQ failed: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BrokerUnavailable;
        }
        catch (StackExchange.Redis.RedisException e)
        {
            await error.WriteLineAsync($"cachesync: Redis failed: {e.Message}").ConfigureAwait(false);
            return ExitCodes.StoreUnavailable;
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"cachesync: {e.Message}").ConfigureAwait(false);
            return ExitCodes.PartialFailure;
        }
#pragma warning disable CA1031 // The promise is one line and an exit code, whatever went wrong.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"cachesync: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.PartialFailure;
        }
    }
}
