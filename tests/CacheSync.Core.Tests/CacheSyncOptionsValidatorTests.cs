using CacheSync.Core.Policies;
using CacheSync.Core.Processing;
using static CacheSync.Core.Tests.TestSetup;

namespace CacheSync.Core.Tests;

/// <summary>Start-up validation reports entity policy, retry and size problems together, each by its setting.</summary>
public sealed class CacheSyncOptionsValidatorTests
{
    private static readonly CacheSyncOptionsValidator Validator = new();

    [Test]
    public void Valid_options_succeed()
    {
        var result = Validator.Validate(null, CreateOptions());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.Failed, Is.False);
        }
    }

    [Test]
    public void Default_retry_options_are_valid()
    {
        var options = CreateOptions();
        options.Retry = new RetryOptions();

        Assert.That(Validator.Validate(null, options).Succeeded, Is.True);
    }

    [Test]
    public void Zero_max_attempts_is_a_retry_error()
    {
        var options = CreateOptions();
        options.Retry.MaxAttempts = 0;

        var result = Validator.Validate(null, options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Is.EqualTo(new[] { "CacheSync:Retry:MaxAttempts: must be at least 1." }));
        }
    }

    [Test]
    public void Max_delay_below_initial_delay_is_a_retry_error()
    {
        var options = CreateOptions();
        options.Retry.InitialDelay = TimeSpan.FromSeconds(5);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);

        var result = Validator.Validate(null, options);

        Assert.That(result.Failures, Is.EqualTo(new[] { "CacheSync:Retry:MaxDelay: must not be smaller than InitialDelay." }));
    }

    [Test]
    public void Negative_initial_delay_is_a_retry_error()
    {
        var options = CreateOptions();
        options.Retry.InitialDelay = TimeSpan.FromMilliseconds(-1);

        var result = Validator.Validate(null, options);

        Assert.That(result.Failures, Is.EqualTo(new[] { "CacheSync:Retry:InitialDelay: must not be negative." }));
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    public void Jitter_fraction_outside_zero_to_one_is_a_retry_error(double jitter)
    {
        var options = CreateOptions();
        options.Retry.JitterFraction = jitter;

        var result = Validator.Validate(null, options);

        Assert.That(result.Failures, Is.EqualTo(new[] { "CacheSync:Retry:JitterFraction: must be between 0 and 1." }));
    }

    [Test]
    public void Non_positive_message_limit_is_an_error()
    {
        var options = CreateOptions();
        options.MaxMessageBytes = 0;

        var result = Validator.Validate(null, options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failures, Has.Member("CacheSync:MaxMessageBytes: must be positive."));

            // Every entity's payload limit is now above the message limit too.
            Assert.That(result.Failures, Has.Exactly(2).Contains(":MaxPayloadBytes:"));
        }
    }

    [Test]
    public void Entity_and_retry_errors_are_reported_together()
    {
        var options = CreateOptions();
        options.Entities[UserModel].CacheKey = "";
        options.Retry.MaxAttempts = 0;
        options.Retry.MaxDelay = TimeSpan.Zero;

        var result = Validator.Validate(null, options);

        Assert.That(result.Failures, Is.EquivalentTo(new[]
        {
            "CacheSync:Entities:user_model:CacheKey: the template must not be empty.",
            "CacheSync:Retry:MaxAttempts: must be at least 1.",
            "CacheSync:Retry:MaxDelay: must not be smaller than InitialDelay.",
        }));
    }

    [Test]
    public void Options_name_does_not_change_the_result()
    {
        var options = CreateOptions();
        options.Retry.MaxAttempts = 0;

        Assert.That(Validator.Validate("named", options).Failures, Is.EqualTo(Validator.Validate(null, options).Failures));
    }
}
