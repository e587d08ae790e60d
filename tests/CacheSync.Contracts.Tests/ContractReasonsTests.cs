using System.Reflection;

namespace CacheSync.Contracts.Tests;

/// <summary>Reason codes travel in dead-letter headers: their values are public surface and must never change.</summary>
public sealed class ContractReasonsTests
{
    [TestCase(ContractReasons.BadJson, "bad-json")]
    [TestCase(ContractReasons.MissingField, "missing-field")]
    [TestCase(ContractReasons.WrongType, "wrong-type")]
    [TestCase(ContractReasons.InvalidValue, "invalid-value")]
    [TestCase(ContractReasons.NegativeVersion, "negative-version")]
    [TestCase(ContractReasons.UnknownOp, "unknown-op")]
    [TestCase(ContractReasons.Oversize, "oversize")]
    public void Reason_code_keeps_its_published_value(string actual, string published)
    {
        Assert.That(actual, Is.EqualTo(published));
    }

    [Test]
    public void Every_reason_code_is_distinct_lowercase_kebab_case()
    {
        var values = typeof(ContractReasons)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(values, Has.Length.EqualTo(7));
            Assert.That(values, Is.Unique);
            Assert.That(values, Has.All.Match("^[a-z]+(-[a-z]+)*$"));
        }
    }
}
