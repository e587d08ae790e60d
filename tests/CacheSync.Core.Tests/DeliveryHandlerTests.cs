using CacheSync.Contracts;
using CacheSync.Core.Policies;
using CacheSync.Core.Processing;
using CacheSync.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static CacheSync.Core.Tests.TestSetup;

namespace CacheSync.Core.Tests;

/// <summary>The delivery handler retries transient failures with backoff and decides ack or dead-letter.</summary>
public sealed class DeliveryHandlerTests : ProcessingTestBase
{
    private const string UserData = """{"user_id":7}""";

    private DeliveryHandler Handler(TimeProvider? time = null) =>
        new(Processor(Settings, Store, Cache, Idempotency), Options.Create(Settings), time ?? TimeProvider.System, NullLogger<DeliveryHandler>.Instance);

    [Test]
    public async Task Applied_event_is_acked_after_one_attempt()
    {
        var decision = await Handler().HandleAsync(Upsert("e1", UserModel, "42", 1, UserData), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Action, Is.EqualTo(DeliveryAction.Ack));
            Assert.That(decision.Attempts, Is.EqualTo(1));
            Assert.That(decision.Outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
        }
    }

    [Test]
    public async Task Duplicate_event_is_acked()
    {
        var handler = Handler();
        var body = Upsert("e1", UserModel, "42", 1, UserData);
        await handler.HandleAsync(body, CancellationToken.None);

        var decision = await handler.HandleAsync(body, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Action, Is.EqualTo(DeliveryAction.Ack));
            Assert.That(decision.Outcome.Kind, Is.EqualTo(OutcomeKind.Duplicate));
        }
    }

    [Test]
    public async Task Stale_event_is_acked()
    {
        var handler = Handler();
        await handler.HandleAsync(Upsert("e2", UserModel, "42", 2, UserData), CancellationToken.None);

        var decision = await handler.HandleAsync(Upsert("e1", UserModel, "42", 1, UserData), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Action, Is.EqualTo(DeliveryAction.Ack));
            Assert.That(decision.Outcome.Kind, Is.EqualTo(OutcomeKind.Stale));
            Assert.That(decision.Attempts, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Poison_is_dead_lettered_after_one_attempt()
    {
        var decision = await Handler().HandleAsync("not json"u8.ToArray(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Action, Is.EqualTo(DeliveryAction.DeadLetter));
            Assert.That(decision.Attempts, Is.EqualTo(1));
            Assert.That(decision.Outcome.Kind, Is.EqualTo(OutcomeKind.Poison));
            Assert.That(decision.Outcome.Reason, Is.EqualTo(ContractReasons.BadJson));
        }
    }

    [Test]
    public async Task Policy_poison_is_dead_lettered_without_retrying()
    {
        var decision = await Handler().HandleAsync(Upsert("e1", "invoice", "1", 1, "{}"), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Action, Is.EqualTo(DeliveryAction.DeadLetter));
            Assert.That(decision.Attempts, Is.EqualTo(1));
            Assert.That(decision.Outcome.Reason, Is.EqualTo(ProcessingReasons.UnknownEntity));
            Assert.That(decision.Outcome.Event?.Id, Is.EqualTo("e1"));
        }
    }

    [Test]
    public async Task Transient_failure_is_retried_until_it_succeeds()
    {
        Store.FailuresBeforeSuccess = 2;

        var decision = await Handler().HandleAsync(Upsert("e1", UserModel, "42", 1, UserData), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Action, Is.EqualTo(DeliveryAction.Ack));
            Assert.That(decision.Attempts, Is.EqualTo(3));
            Assert.That(decision.Outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(Store.FailedWrites, Is.EqualTo(2));
            Assert.That(Store.Get(UserModel, "42")?.Version, Is.EqualTo(1));
            Assert.That(Cache.Sets, Has.Count.EqualTo(1));
            Assert.That(Idempotency.Contains("user_model:42", "e1"), Is.True);
        }
    }

    [Test]
    public async Task Failure_that_outlives_the_retry_budget_is_dead_lettered_as_retries_exhausted()
    {
        var failure = new IOException("the store is down");
        Store.AlwaysFail = true;
        Store.FailureToThrow = failure;

        var decision = await Handler().HandleAsync(Upsert("e1", UserModel, "42", 1, UserData), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Action, Is.EqualTo(DeliveryAction.DeadLetter));
            Assert.That(decision.Attempts, Is.EqualTo(3));
            Assert.That(decision.Outcome.Kind, Is.EqualTo(OutcomeKind.Poison));
            Assert.That(decision.Outcome.Reason, Is.EqualTo(ProcessingReasons.RetriesExhausted));
            Assert.That(decision.Outcome.Detail, Is.EqualTo("gave up after 3 attempts: the store is down"));
            Assert.That(decision.Outcome.Exception, Is.SameAs(failure));
            Assert.That(decision.Outcome.Event?.Id, Is.EqualTo("e1"));
            Assert.That(Store.FailedWrites, Is.EqualTo(3));
            Assert.That(Idempotency.Recorded, Is.Empty);
        }
    }

    [Test]
    public async Task Single_attempt_budget_dead_letters_the_first_failure()
    {
        Settings.Retry.MaxAttempts = 1;
        Cache.FailWith = new TimeoutException("redis timed out");
        var time = new RecordingTimeProvider();

        var decision = await Handler(time).HandleAsync(Upsert("e1", UserModel, "42", 1, UserData), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Action, Is.EqualTo(DeliveryAction.DeadLetter));
            Assert.That(decision.Attempts, Is.EqualTo(1));
            Assert.That(decision.Outcome.Reason, Is.EqualTo(ProcessingReasons.RetriesExhausted));
            Assert.That(time.DueTimes, Is.Empty, "no backoff after the last attempt");
        }
    }

    [Test]
    public async Task Backoff_waits_the_growing_delay_between_attempts()
    {
        Settings.Retry = new RetryOptions
        {
            MaxAttempts = 4,
            InitialDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromMilliseconds(250),
            JitterFraction = 0,
        };
        Store.AlwaysFail = true;
        var time = new RecordingTimeProvider();

        var decision = await Handler(time).HandleAsync(Upsert("e1", UserModel, "42", 1, UserData), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Attempts, Is.EqualTo(4));
            Assert.That(time.DueTimes, Is.EqualTo(new[]
            {
                TimeSpan.FromMilliseconds(100),
                TimeSpan.FromMilliseconds(200),
                TimeSpan.FromMilliseconds(250),
            }));
        }
    }

    [Test]
    public async Task Cancellation_during_the_backoff_delay_propagates()
    {
        Settings.Retry.InitialDelay = TimeSpan.FromMinutes(10);
        Settings.Retry.MaxDelay = TimeSpan.FromMinutes(10);
        Store.AlwaysFail = true;
        using var cts = new CancellationTokenSource();

        // The fakes complete synchronously, so the call returns once the handler is waiting in its backoff.
        var handling = Handler().HandleAsync(Upsert("e1", UserModel, "42", 1, UserData), cts.Token);
        Assert.That(handling.IsCompleted, Is.False, "the handler should be waiting before its second attempt");
        Assert.That(Store.FailedWrites, Is.EqualTo(1));

        await cts.CancelAsync();

        Assert.That(async () => await handling, Throws.InstanceOf<OperationCanceledException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Store.FailedWrites, Is.EqualTo(1), "no attempt after cancellation");
            Assert.That(Idempotency.Recorded, Is.Empty);
        }
    }

    [Test]
    public void Cancellation_before_processing_propagates_instead_of_dead_lettering()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.That(async () => await Handler().HandleAsync(Upsert("e1", UserModel, "42", 1, UserData), cts.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Store.Writes, Is.Empty);
    }

    [Test]
    public void Cancellation_when_the_retry_budget_is_spent_requeues_instead_of_dead_lettering()
    {
        Settings.Retry.MaxAttempts = 1;
        using var cts = new CancellationTokenSource();
        Store.FailureToThrow = new IOException("the store is unavailable");
        Store.AlwaysFail = true;
        Store.OnFailure = cts.Cancel; // the transport gives up while the last attempt is failing

        Assert.That(async () => await Handler().HandleAsync(Upsert("e1", UserModel, "42", 1, UserData), cts.Token),
            Throws.InstanceOf<OperationCanceledException>(), "the transport must return the message to the queue");
    }

    [Test]
    public async Task During_an_outage_a_message_waits_for_the_dependency_instead_of_spending_its_budget()
    {
        Settings.Retry.MaxAttempts = 2;
        Settings.CircuitBreaker.FailureThreshold = 2;
        var time = new SteppingTimeProvider();
        var breaker = new DependencyCircuitBreaker(Options.Create(Settings), time, NullLogger<DependencyCircuitBreaker>.Instance);
        var handler = new DeliveryHandler(Processor(Settings, Store, Cache, Idempotency), Options.Create(Settings), time,
            NullLogger<DeliveryHandler>.Instance, breaker);

        // Other deliveries have just failed too: the store is down.
        breaker.RecordFailure("other-1");
        breaker.RecordFailure("other-2");
        Store.FailuresBeforeSuccess = 6;

        var decision = await handler.HandleAsync(Upsert("e1", UserModel, "42", 1, UserData), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Action, Is.EqualTo(DeliveryAction.Ack), "six failures, a budget of two, and still applied");
            Assert.That(decision.Attempts, Is.EqualTo(7));
            Assert.That(Store.FailedWrites, Is.EqualTo(6));
            Assert.That(breaker.IsOpen, Is.False, "the success closed the breaker");
        }
    }
}
