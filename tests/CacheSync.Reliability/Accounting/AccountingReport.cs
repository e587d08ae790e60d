using System.Text;

namespace CacheSync.Reliability.Accounting;

/// <summary>The result of an audit: every discrepancy found, and a summary of where the events went.</summary>
public sealed class AccountingReport
{
    private const int ShownPerKind = 10;
    private readonly List<(string Kind, string Detail)> _problems = [];
    private readonly List<string> _facts = [];

    public IReadOnlyList<string> Problems => _problems.Select(p => $"{p.Kind}: {p.Detail}").ToList();

    internal void Problem(string kind, string detail) => _problems.Add((kind, detail));

    internal void Fact(string fact) => _facts.Add(fact);

    /// <summary>The summary, then the problems grouped by kind (the first few of each, and how many in all).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var fact in _facts) text.AppendLine(fact);
        foreach (var kind in _problems.GroupBy(p => p.Kind))
        {
            text.AppendLine($"{kind.Key} ({kind.Count()}):");
            foreach (var (_, detail) in kind.Take(ShownPerKind)) text.AppendLine($"  {detail}");
            if (kind.Count() > ShownPerKind) text.AppendLine($"  … and {kind.Count() - ShownPerKind} more");
        }

        return text.ToString();
    }

    /// <summary>Fails the test with the whole report unless the audit found nothing wrong; prints the summary either way.</summary>
    public void AssertBalanced(string when)
    {
        TestContext.Out.WriteLine($"--- accounting {when}\n{this}");
        Assert.That(Problems, Is.Empty, $"accounting {when}:\n{this}");
    }
}
