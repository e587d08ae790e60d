namespace CacheSync.Contracts.Tests;

/// <summary>A decode result carries either an event or a violation, never both.</summary>
public sealed class DecodeResultTests
{
    [Test]
    public void Valid_result_carries_the_event_and_no_violation()
    {
        var writeEvent = new WriteEvent { Id = "e", Entity = "user_model", Key = "1", Op = EventOperation.Delete, Version = 1 };

        var result = DecodeResult.Valid(writeEvent);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsValid, Is.True);
            Assert.That(result.Event, Is.SameAs(writeEvent));
            Assert.That(result.Violation, Is.Null);
        }
    }

    [Test]
    public void Invalid_result_carries_the_reason_and_detail_and_no_event()
    {
        var result = DecodeResult.Invalid(ContractReasons.WrongType, "version must be an integer, not a boolean");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Event, Is.Null);
            Assert.That(result.Violation, Is.EqualTo(new ContractViolation(ContractReasons.WrongType, "version must be an integer, not a boolean")));
        }
    }

    [Test]
    public void Default_result_is_not_valid()
    {
        DecodeResult result = default;

        Assert.That(result.IsValid, Is.False);
    }

    [Test]
    public void Violation_prints_as_reason_then_detail()
    {
        var violation = new ContractViolation(ContractReasons.MissingField, "required field 'id' is missing");

        Assert.That(violation.ToString(), Is.EqualTo("missing-field: required field 'id' is missing"));
    }
}
