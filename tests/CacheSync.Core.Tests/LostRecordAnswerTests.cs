using CacheSync.Core.Caching;
using CacheSync.Core.Policies;
using CacheSync.Core.Processing;
using CacheSync.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static CacheSync.Core.Tests.TestSetup;

namespace CacheSync.Core.Tests;

/// <summary>
/// The idempotency record written but its answer lost (Redis killed between executing the SET and replying, as in
/// the fault suite): the retry of that same delivery finds its own record, and must report what the delivery did.
/// </summary>
public sealed class LostRecordAnswerTests : ProcessingTestBase
{
    [Test]
    public async Task A_retry_that_finds_its_own_record_reports_the_apply_not_a_duplicate()
    {
        var processor = new EventProcessor(EntityPolicyCatalog.FromOptions(Settings), Store, Cache, new AnswerLostOnce(Idempotency),
            Options.Create(Settings), NullLogger<EventProcessor>.Instance);
        var body = Upsert("e1", UserModel, "42", 5, """{"user_id":7,"name":"Ada"}""");
        var progress = new DeliveryProgress();

        var first = await processor.ProcessAsync(body, progress, CancellationToken.None);
        var retry = await processor.ProcessAsync(body, progress, CancellationToken.None);
        var redelivery = await processor.ProcessAsync(body, new DeliveryProgress(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Kind, Is.EqualTo(OutcomeKind.TransientFailure), "the record's answer was lost");
            Assert.That(retry.Kind, Is.EqualTo(OutcomeKind.Applied), "this delivery applied the event");
            Assert.That(redelivery.Kind, Is.EqualTo(OutcomeKind.Duplicate), "another delivery of it is a duplicate");
            Assert.That(Store.Writes, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task A_retry_that_finds_another_copys_record_is_a_duplicate_even_after_reaching_a_decision()
    {
        // This delivery decided, then its record write never reached Redis (killed first); another copy of the event
        // got its turn, applied it (the store: already current) and recorded it. The retry must not report a second apply.
        var processor = new EventProcessor(EntityPolicyCatalog.FromOptions(Settings), Store, Cache, new RecordNeverReachesRedisOnce(Idempotency),
            Options.Create(Settings), NullLogger<EventProcessor>.Instance);
        var body = Upsert("e1", UserModel, "42", 5, """{"user_id":7,"name":"Ada"}""");
        var progress = new DeliveryProgress();

        var first = await processor.ProcessAsync(body, progress, CancellationToken.None);
        var otherCopy = await processor.ProcessAsync(body, new DeliveryProgress(), CancellationToken.None);
        var retry = await processor.ProcessAsync(body, progress, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Kind, Is.EqualTo(OutcomeKind.TransientFailure), "the record write failed");
            Assert.That(otherCopy.Kind, Is.EqualTo(OutcomeKind.Applied), "the other copy found no record and finished the job");
            Assert.That(retry.Kind, Is.EqualTo(OutcomeKind.Duplicate), "the record is the other copy's");
        }
    }

    /// <summary>Fails the first record write before it is written, as if Redis died before executing it.</summary>
    private sealed class RecordNeverReachesRedisOnce(InMemoryIdempotencyLog inner) : IIdempotencyLog
    {
        private bool _failed;

        public Task<string?> RecordedByAsync(string scope, string eventId, CancellationToken cancellationToken) => inner.RecordedByAsync(scope, eventId, cancellationToken);

        public Task RecordAppliedAsync(string scope, string eventId, string deliveryToken, CancellationToken cancellationToken)
        {
            if (_failed) return inner.RecordAppliedAsync(scope, eventId, deliveryToken, cancellationToken);
            _failed = true;
            throw new IOException("the connection closed before the command was sent");
        }
    }

    /// <summary>Writes the first record, then fails as if the connection died before the reply came back.</summary>
    private sealed class AnswerLostOnce(InMemoryIdempotencyLog inner) : IIdempotencyLog
    {
        private bool _lost;

        public Task<string?> RecordedByAsync(string scope, string eventId, CancellationToken cancellationToken) => inner.RecordedByAsync(scope, eventId, cancellationToken);

        public async Task RecordAppliedAsync(string scope, string eventId, string deliveryToken, CancellationToken cancellationToken)
        {
            await inner.RecordAppliedAsync(scope, eventId, deliveryToken, cancellationToken);
            if (_lost) return;
            _lost = true;
            throw new IOException("the connection closed before the reply");
        }
    }
}
