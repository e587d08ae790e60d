using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Accounts for every published message against what came out of the DLQ: each hostile message there exactly once,
/// dead-lettered by the worker (not by the broker's delivery limit) with a reason it may have, a detail, its body
/// byte for byte and its original headers and properties; no valid event there at all.
/// </summary>
internal sealed class DeadLetterLedger
{
    private readonly Dictionary<int, OutboundMessage> _published;
    private readonly DateTimeOffset _since;

    public DeadLetterLedger(IEnumerable<OutboundMessage> published, DateTimeOffset since)
    {
        _published = published.ToDictionary(m => m.Number);
        _since = since;
    }

    public int ExpectedCount => _published.Values.Count(m => !m.MustApply);

    /// <returns>Every discrepancy, one line each.</returns>
    public List<string> Problems(IReadOnlyList<DeadLetterMessage> letters)
    {
        var problems = new List<string>();
        var seen = new Dictionary<int, int>();
        foreach (var letter in letters)
        {
            if (!int.TryParse(letter.Header(OutboundMessage.NumberHeader), out var number) || !_published.TryGetValue(number, out var sent))
            {
                problems.Add($"a dead letter that was not published here: reason {letter.Reason}, {letter.Body.Length} bytes");
                continue;
            }

            seen[number] = seen.GetValueOrDefault(number) + 1;
            if (Problem(sent, letter) is { } problem) problems.Add($"{problem}\n    {sent}");
        }

        foreach (var sent in _published.Values.Where(m => !m.MustApply && !seen.ContainsKey(m.Number)))
        {
            problems.Add($"not in the DLQ\n    {sent}");
        }

        problems.AddRange(seen.Where(s => s.Value > 1).Select(s => $"in the DLQ {s.Value} times\n    {_published[s.Key]}"));
        return problems;
    }

    private string? Problem(OutboundMessage sent, DeadLetterMessage letter)
    {
        if (sent.MustApply) return $"a valid event was dead-lettered as {letter.Reason}: {letter.Header(DeadLetterHeaders.Detail)}";

        // A forged x-cachesync-reason in the original is overwritten by the worker's own; only the worker writes these two.
        if (letter.Header(DeadLetterHeaders.Worker) != Environment.MachineName ||
            !DateTimeOffset.TryParse(letter.Header(DeadLetterHeaders.FailedAt), System.Globalization.CultureInfo.InvariantCulture, out var failedAt) || failedAt < _since)
        {
            return $"dead-lettered by someone other than the worker (the broker's delivery limit?): x-first-death-reason={letter.Header("x-first-death-reason")}";
        }

        if (!sent.Acceptable.Contains(letter.Reason)) return $"reason '{letter.Reason}' ({letter.Header(DeadLetterHeaders.Detail)}), expected {string.Join(" or ", sent.Acceptable)}";
        if (string.IsNullOrWhiteSpace(letter.Header(DeadLetterHeaders.Detail))) return $"reason {letter.Reason} without a detail";
        if (!letter.Body.AsSpan().SequenceEqual(sent.Body)) return $"the body changed: {letter.Body.Length} bytes dead-lettered, {sent.Body.Length} published";
        if (letter.Properties.MessageId != sent.Properties.MessageId) return $"message id '{letter.Properties.MessageId}', published '{sent.Properties.MessageId}'";
        if (letter.Properties.ContentType != sent.Properties.ContentType) return $"content type '{letter.Properties.ContentType}', published '{sent.Properties.ContentType}'";
        if (sent.Properties.IsExpirationPresent() && letter.Header(DeadLetterHeaders.OriginalExpiration) != sent.Properties.Expiration) return "the expiration was not kept in a header";
        foreach (var (name, value) in sent.Properties.Headers!)
        {
            // Not the producer's to keep: the worker sets its own x-cachesync-* anew, a quorum queue sets x-delivery-count on
            // each delivery, and RabbitMQ.Client's confirm tracking numbers each publish in x-dotnet-pub-seq-no.
            if (name.StartsWith("x-cachesync-", StringComparison.Ordinal) || name is "x-delivery-count" or "x-dotnet-pub-seq-no") continue;
            if (letter.Properties.Headers is not { } headers || !headers.TryGetValue(name, out var kept)) return $"header '{name}' was dropped";
            if (HeaderValues.Describe(kept) != HeaderValues.Describe(value)) return $"header '{name}' changed from {HeaderValues.Describe(value)} to {HeaderValues.Describe(kept)}";
        }

        return null;
    }
}
