using System.CommandLine;
using CacheSync.Cli.DeadLetters;

namespace CacheSync.Cli.Commands;

/// <summary>The filters the dlq commands share: --id, --entity, --reason, --since, --limit.</summary>
internal sealed class DeadLetterFilterOptions
{
    public Option<string?> Id { get; } = new("--id") { Description = "Only the dead letter with this event id (or message id)." };

    public Option<string?> Entity { get; } = new("--entity") { Description = "Only events of this entity." };

    public Option<string?> Reason { get; } = new("--reason") { Description = "Only this reason, e.g. validation-failed, retries-exhausted, broker:delivery_limit." };

    public Option<string?> Since { get; } = new("--since") { Description = "Only dead letters since a time (2026-11-26T10:00:00Z) or an age (30s, 15m, 2h, 7d)." };

    public Option<int?> Limit { get; } = new("--limit") { Description = "At most this many messages." };

    public void AddTo(Command command, bool withId = true)
    {
        if (withId) command.Options.Add(Id);
        command.Options.Add(Entity);
        command.Options.Add(Reason);
        command.Options.Add(Since);
        command.Options.Add(Limit);
    }

    public DeadLetterFilter Filter(ParseResult parse)
    {
        var since = parse.GetValue(Since) is { } text ? DeadLetterFilter.ParseSince(text, DateTimeOffset.UtcNow) : (DateTimeOffset?)null;
        return new DeadLetterFilter(parse.GetValue(Id), parse.GetValue(Entity), parse.GetValue(Reason), since);
    }

    public int? LimitOf(ParseResult parse) =>
        parse.GetValue(Limit) is { } limit && limit <= 0 ? throw new CliException(ExitCodes.Usage, $"--limit: must be at least 1, not {limit}.") : parse.GetValue(Limit);
}
