using System.Globalization;
using System.Text.RegularExpressions;

namespace CacheSync.Cli.DeadLetters;

/// <summary>Which dead letters a command takes: by id, entity, reason and failure time; all of them when nothing is set.</summary>
internal sealed partial record DeadLetterFilter(string? Id, string? Entity, string? Reason, DateTimeOffset? Since)
{
    public static readonly DeadLetterFilter All = new(null, null, null, null);

    public bool IsEmpty => Id is null && Entity is null && Reason is null && Since is null;

    public bool Matches(DeadLetter letter) =>
        (Id is null || letter.Id == Id || letter.Properties.MessageId == Id)
        && (Entity is null || string.Equals(letter.Entity, Entity, StringComparison.Ordinal))
        && (Reason is null || string.Equals(letter.Reason, Reason, StringComparison.Ordinal))
        && (Since is null || letter.FailedAt >= Since);

    /// <summary>
    /// <c>--since</c>: an ISO-8601 time (<c>2026-11-26T10:00:00Z</c>) or an age (<c>30s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>).
    /// </summary>
    public static DateTimeOffset ParseSince(string text, DateTimeOffset now)
    {
        var age = AgePattern().Match(text);
        if (age.Success)
        {
            var amount = int.Parse(age.Groups[1].Value, CultureInfo.InvariantCulture);
            return now - age.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        throw new CliException(ExitCodes.Usage, $"--since: '{text}' is neither a time (2026-11-26T10:00:00Z) nor an age (30s, 15m, 2h, 7d).");
    }

    [GeneratedRegex("^([0-9]{1,6})(s|m|h|d)$")]
    private static partial Regex AgePattern();
}
