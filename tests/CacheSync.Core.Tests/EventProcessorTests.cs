using CacheSync.Contracts;
using CacheSync.Core.Caching;
using CacheSync.Core.Policies;
using CacheSync.Core.Processing;
using CacheSync.Core.Tests.Fakes;
using static CacheSync.Core.Tests.TestSetup;

namespace CacheSync.Core.Tests;

/// <summary>The processor's decision table: what each kind of message does to the store, the cache and the idempotency log.</summary>
public sealed class EventProcessorTests : ProcessingTestBase
{
    private const string UserData7 = """{"user_id":7,"name":"Ada"}""";
    private const string UserData8 = """{"user_id":8,"name":"Ada"}""";

    private Task<ProcessingOutcome> Process(byte[] body, CancellationToken cancellationToken = default) =>
        Processor(Settings, Store, Cache, Idempotency).ProcessAsync(body, cancellationToken);

    // --- applied ---------------------------------------------------------------------------------------------

    [Test]
    public async Task Write_through_upsert_writes_the_store_then_sets_the_cache_and_records_the_id()
    {
        var outcome = await Process(Upsert("e1", UserModel, "42", 5, UserData7));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(outcome.Event?.Id, Is.EqualTo("e1"));
            Assert.That(outcome.Reason, Is.Null);
            Assert.That(Store.Get(UserModel, "42"), Is.EqualTo(new Storage.StoredRecord("42", 5, UserData7, IsDeleted: false)));
            Assert.That(Cache.Sets, Is.EqualTo(new[] { new RecordingEntryCache.SetCall("user_model:42", 5, UserData7, TimeSpan.FromHours(1)) }));
            Assert.That(Cache.Invalidations, Is.Empty);
            Assert.That(Idempotency.Recorded, Is.EqualTo(new[] { ("user_model:42", "e1") }));
        }
    }

    [Test]
    public async Task Write_around_upsert_writes_the_store_and_invalidates_the_cache_entry()
    {
        const string data = """{"action":"login"}""";

        var outcome = await Process(Upsert("a1", AuditEntry, "9", 3, data));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(Store.Get(AuditEntry, "9"), Is.EqualTo(new Storage.StoredRecord("9", 3, data, IsDeleted: false)));
            Assert.That(Cache.Invalidations, Is.EqualTo(new[] { new RecordingEntryCache.InvalidateCall("audit:9", 3, InvalidationKind.Invalidated) }));
            Assert.That(Cache.Sets, Is.Empty);
            Assert.That(Cache.DependentInvalidations, Is.Empty);
            Assert.That(Idempotency.Contains("audit:9", "a1"), Is.True);
        }
    }

    [Test]
    public async Task Delete_writes_a_tombstone_and_invalidates_the_entry_as_deleted()
    {
        var outcome = await Process(Delete("a2", AuditEntry, "9", 4));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(Store.Writes, Is.EqualTo(new[] { "delete audit_entry/9@4" }));
            Assert.That(Store.Get(AuditEntry, "9"), Is.EqualTo(new Storage.StoredRecord("9", 4, null, IsDeleted: true)));
            Assert.That(Cache.Invalidations, Is.EqualTo(new[] { new RecordingEntryCache.InvalidateCall("audit:9", 4, InvalidationKind.Deleted) }));
            Assert.That(Cache.Sets, Is.Empty);
            Assert.That(Idempotency.Contains("audit:9", "a2"), Is.True);
        }
    }

    [Test]
    public async Task Upsert_uses_the_table_named_by_the_policy()
    {
        Settings.Entities[AuditEntry].Table = "audit_log";

        await Process(Upsert("a1", AuditEntry, "9", 1, "{}"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Store.Writes, Is.EqualTo(new[] { "upsert audit_log/9@1" }));
            Assert.That(Store.Get("audit_log", "9"), Is.Not.Null);
        }
    }

    [Test]
    public async Task Redelivery_after_a_partial_apply_still_fills_the_cache()
    {
        // The store was written but the worker stopped before the cache and the idempotency record.
        Store.Seed(UserModel, new Storage.StoredRecord("42", 5, UserData7, IsDeleted: false));

        var outcome = await Process(Upsert("e1", UserModel, "42", 5, UserData7));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(Cache.Sets.Select(s => (s.Key, s.Version)), Is.EqualTo(new[] { ("user_model:42", 5L) }));
            Assert.That(Cache.DependentInvalidations.Select(d => d.Key), Is.EqualTo(new[] { "user:7:models" }));
            Assert.That(Idempotency.Contains("user_model:42", "e1"), Is.True);
        }
    }

    [Test]
    public async Task Newer_version_replaces_the_stored_record()
    {
        await Process(Upsert("e1", UserModel, "42", 1, UserData7));
        var outcome = await Process(Upsert("e2", UserModel, "42", 2, UserData8));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(Store.Get(UserModel, "42")?.DataJson, Is.EqualTo(UserData8));
            Assert.That(Cache.Sets.Select(s => s.Version), Is.EqualTo(new[] { 1L, 2L }));
        }
    }

    // --- stale -----------------------------------------------------------------------------------------------

    [Test]
    public async Task Older_upsert_after_a_newer_one_is_stale_and_leaves_the_cache_alone()
    {
        await Process(Upsert("e2", UserModel, "42", 2, UserData8));
        var entryCallsBefore = Cache.Sets.Count + Cache.Invalidations.Count;
        Cache.DependentInvalidations.Clear();

        var outcome = await Process(Upsert("e1", UserModel, "42", 1, UserData7));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Stale));
            Assert.That(outcome.Event?.Id, Is.EqualTo("e1"));
            Assert.That(Cache.Sets.Count + Cache.Invalidations.Count, Is.EqualTo(entryCallsBefore), "a stale write must not touch the cache entry");
            Assert.That(Cache.DependentInvalidations.Select(d => d.Key), Is.EqualTo(new[] { "user:7:models" }),
                "its own dependents are invalidated anyway: an earlier delivery may have reached the store");
            Assert.That(Store.Get(UserModel, "42"), Is.EqualTo(new Storage.StoredRecord("42", 2, UserData8, IsDeleted: false)));
        }
    }

    [Test]
    public async Task Older_delete_after_a_newer_upsert_is_stale_and_leaves_the_cache_alone()
    {
        await Process(Upsert("e2", UserModel, "42", 2, UserData7));
        var cacheCallsBefore = Cache.CallCount;

        var outcome = await Process(Delete("d1", UserModel, "42", 1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Stale));
            Assert.That(Cache.CallCount, Is.EqualTo(cacheCallsBefore));
            Assert.That(Store.Get(UserModel, "42")?.IsDeleted, Is.False);
        }
    }

    [Test]
    public async Task Late_upsert_cannot_resurrect_a_deleted_record()
    {
        await Process(Delete("d3", UserModel, "42", 3, UserData7));
        var entryCallsBefore = Cache.Sets.Count + Cache.Invalidations.Count;

        var outcome = await Process(Upsert("e2", UserModel, "42", 2, UserData7));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Stale));
            Assert.That(Cache.Sets.Count + Cache.Invalidations.Count, Is.EqualTo(entryCallsBefore), "the entry keeps its delete tombstone");
            Assert.That(Store.Get(UserModel, "42"), Is.EqualTo(new Storage.StoredRecord("42", 3, null, IsDeleted: true)));
        }
    }

    // --- duplicate -------------------------------------------------------------------------------------------

    [Test]
    public async Task Duplicate_event_is_applied_once()
    {
        var body = Upsert("e1", UserModel, "42", 1, UserData7, "user:7:summary");

        var first = await Process(body);
        var second = await Process(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(second.Kind, Is.EqualTo(OutcomeKind.Duplicate));
            Assert.That(second.Event?.Id, Is.EqualTo("e1"));
            Assert.That(Store.Writes, Has.Count.EqualTo(1));
            Assert.That(Cache.Sets, Has.Count.EqualTo(1));
            Assert.That(Cache.DependentInvalidations, Has.Count.EqualTo(2));
            Assert.That(Idempotency.Recorded, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Event_already_in_the_idempotency_log_writes_nothing()
    {
        Idempotency.Seed("user_model:42", "e1");

        var outcome = await Process(Upsert("e1", UserModel, "42", 1, UserData7));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Duplicate));
            Assert.That(Store.Writes, Is.Empty);
            Assert.That(Store.Reads, Is.Empty);
            Assert.That(Cache.CallCount, Is.Zero);
            Assert.That(Idempotency.Recorded, Is.Empty);
        }
    }

    [Test]
    public async Task Same_event_id_for_another_key_is_not_a_duplicate()
    {
        await Process(Upsert("e1", UserModel, "42", 1, UserData7));

        var outcome = await Process(Upsert("e1", UserModel, "43", 1, UserData7));

        Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
    }

    // --- dependent keys and links ----------------------------------------------------------------------------

    [Test]
    public async Task Dependent_keys_from_data_and_links_are_invalidated_at_the_event_version()
    {
        var outcome = await Process(Upsert("e1", UserModel, "42", 6, UserData7, "user:7:summary", "team:3:roster"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(Cache.DependentInvalidations, Is.EquivalentTo(new[]
            {
                new RecordingEntryCache.DependentCall("user:7:models", 6),
                new RecordingEntryCache.DependentCall("user:7:summary", 6),
                new RecordingEntryCache.DependentCall("team:3:roster", 6),
            }));
        }
    }

    [Test]
    public async Task Link_equal_to_a_rendered_dependent_key_is_invalidated_once()
    {
        await Process(Upsert("e1", UserModel, "42", 1, UserData7, "user:7:models"));

        Assert.That(Cache.DependentInvalidations.Select(d => d.Key), Is.EqualTo(new[] { "user:7:models" }));
    }

    [Test]
    public async Task Links_are_invalidated_for_an_entity_without_dependent_keys()
    {
        await Process(Upsert("a1", AuditEntry, "9", 1, "{}", "audit:recent"));

        Assert.That(Cache.DependentInvalidations, Is.EqualTo(new[] { new RecordingEntryCache.DependentCall("audit:recent", 1) }));
    }

    [Test]
    public async Task Upsert_that_moves_a_record_to_another_user_invalidates_both_users()
    {
        await Process(Upsert("e1", UserModel, "42", 1, UserData7));
        Cache.DependentInvalidations.Clear();

        var outcome = await Process(Upsert("e2", UserModel, "42", 2, UserData8));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(Cache.DependentInvalidations.Select(d => d.Key), Is.EquivalentTo(new[] { "user:7:models", "user:8:models" }));
        }
    }

    [Test]
    public async Task Upsert_after_a_delete_does_not_render_dependents_from_the_tombstone()
    {
        await Process(Upsert("e1", UserModel, "42", 1, UserData7));
        await Process(Delete("d2", UserModel, "42", 2));
        Cache.DependentInvalidations.Clear();

        await Process(Upsert("e3", UserModel, "42", 3, UserData8));

        Assert.That(Cache.DependentInvalidations.Select(d => d.Key), Is.EqualTo(new[] { "user:8:models" }));
    }

    [Test]
    public async Task Delete_without_data_renders_dependents_from_the_stored_record()
    {
        await Process(Upsert("e1", UserModel, "42", 1, UserData7));
        Cache.DependentInvalidations.Clear();

        var outcome = await Process(Delete("d2", UserModel, "42", 2));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(Store.Get(UserModel, "42")?.IsDeleted, Is.True);
            Assert.That(Cache.Invalidations, Is.EqualTo(new[] { new RecordingEntryCache.InvalidateCall("user_model:42", 2, InvalidationKind.Deleted) }));
            Assert.That(Cache.DependentInvalidations, Is.EqualTo(new[] { new RecordingEntryCache.DependentCall("user:7:models", 2) }));
        }
    }

    [Test]
    public async Task Delete_with_data_renders_dependents_from_its_own_data_and_from_the_record_it_deletes()
    {
        await Process(Upsert("e1", UserModel, "42", 1, UserData7));
        Cache.DependentInvalidations.Clear();

        await Process(Delete("d2", UserModel, "42", 2, UserData8));

        Assert.That(Cache.DependentInvalidations.Select(d => d.Key), Is.EquivalentTo(new[] { "user:8:models", "user:7:models" }));
    }

    [Test]
    public async Task Redelivery_after_a_partial_apply_by_another_delivery_still_invalidates_the_old_owners_list()
    {
        await Process(Upsert("e1", UserModel, "42", 1, UserData7));
        var move = Upsert("e2", UserModel, "42", 2, UserData8);

        // The first delivery moves the record to user 8 in the store, then the cache fails and that delivery ends
        // (the worker died, say). The redelivery starts with no memory of it.
        Cache.FailuresBeforeSuccess = 1;
        await Processor(Settings, Store, Cache, Idempotency).ProcessAsync(move, new DeliveryProgress(), CancellationToken.None);
        Cache.DependentInvalidations.Clear();
        var redelivery = await Processor(Settings, Store, Cache, Idempotency).ProcessAsync(move, new DeliveryProgress(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(redelivery.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(Cache.DependentInvalidations.Select(d => d.Key), Is.EquivalentTo(new[] { "user:7:models", "user:8:models" }),
                "the store kept what version 2 replaced, so user 7's list is still invalidated");
        }
    }

    [Test]
    public async Task Retry_after_a_partial_apply_still_invalidates_the_old_owners_list()
    {
        await Process(Upsert("e1", UserModel, "42", 1, UserData7));
        Cache.DependentInvalidations.Clear();
        var progress = new DeliveryProgress();
        var move = Upsert("e2", UserModel, "42", 2, UserData8);

        // The first attempt moves the record to user 8 in the store, then the cache fails.
        Cache.FailuresBeforeSuccess = 1;
        var first = await Processor(Settings, Store, Cache, Idempotency).ProcessAsync(move, progress, CancellationToken.None);
        var retry = await Processor(Settings, Store, Cache, Idempotency).ProcessAsync(move, progress, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Kind, Is.EqualTo(OutcomeKind.TransientFailure));
            Assert.That(progress.StoreApplied, Is.True);
            Assert.That(retry.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(Cache.DependentInvalidations.Select(d => d.Key), Is.SupersetOf(new[] { "user:7:models", "user:8:models" }),
                "the retry finds the store already current, yet still knows user 7 owned the record");
        }
    }

    [Test]
    public async Task Delete_of_an_unknown_record_invalidates_only_its_links()
    {
        var outcome = await Process(Delete("d1", UserModel, "404", 1, null, "user:7:summary"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(Cache.Invalidations.Select(i => i.Kind), Is.EqualTo(new[] { InvalidationKind.Deleted }));
            Assert.That(Cache.DependentInvalidations.Select(d => d.Key), Is.EqualTo(new[] { "user:7:summary" }));
        }
    }

    // --- poison ----------------------------------------------------------------------------------------------

    [Test]
    public async Task Unknown_entity_is_poison()
    {
        var outcome = await Process(Upsert("x1", "invoice", "1", 1, "{}"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Poison));
            Assert.That(outcome.Reason, Is.EqualTo(ProcessingReasons.UnknownEntity));
            Assert.That(outcome.Detail, Does.Contain("invoice"));
            Assert.That(outcome.Event?.Id, Is.EqualTo("x1"));
            AssertNothingWritten();
        }
    }

    [Test]
    public async Task Entity_names_are_case_sensitive()
    {
        var outcome = await Process(Upsert("x1", "User_Model", "1", 1, UserData7));

        Assert.That(outcome.Reason, Is.EqualTo(ProcessingReasons.UnknownEntity));
    }

    [TestCase("""{"name":"Ada"}""", TestName = "Upsert_without_a_required_field_is_poison")]
    [TestCase("""{"user_id":null}""", TestName = "Upsert_with_a_null_required_field_is_poison")]
    public async Task Upsert_missing_a_required_field_is_poison(string data)
    {
        var outcome = await Process(Upsert("e1", UserModel, "42", 1, data));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Poison));
            Assert.That(outcome.Reason, Is.EqualTo(ProcessingReasons.ValidationFailed));
            Assert.That(outcome.Detail, Does.Contain("data.user_id"));
            Assert.That(outcome.Event?.Id, Is.EqualTo("e1"));
            AssertNothingWritten();
        }
    }

    [Test]
    public async Task Nested_required_field_is_looked_up_by_its_dotted_path()
    {
        Settings.Entities[AuditEntry].Required.Add("actor.id");

        var missing = await Process(Upsert("a1", AuditEntry, "9", 1, """{"actor":{"name":"x"}}"""));
        var present = await Process(Upsert("a2", AuditEntry, "9", 2, """{"actor":{"id":5}}"""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(missing.Reason, Is.EqualTo(ProcessingReasons.ValidationFailed));
            Assert.That(missing.Detail, Does.Contain("data.actor.id"));
            Assert.That(present.Kind, Is.EqualTo(OutcomeKind.Applied));
        }
    }

    [Test]
    public async Task Delete_without_data_is_not_checked_for_required_fields()
    {
        var outcome = await Process(Delete("d1", UserModel, "42", 1));

        Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
    }

    [TestCase("""{"user_id":{"id":7}}""")]
    [TestCase("""{"user_id":[7]}""")]
    [TestCase("""{"user_id":""}""")]
    [TestCase("""{"user_id":"7}"}""")]
    public async Task Upsert_whose_dependent_key_cannot_be_rendered_is_poison(string data)
    {
        var outcome = await Process(Upsert("e1", UserModel, "42", 1, data));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Poison));
            Assert.That(outcome.Reason, Is.EqualTo(ProcessingReasons.ValidationFailed));
            Assert.That(outcome.Detail, Does.Contain("user:{data.user_id}:models"));
            AssertNothingWritten();
        }
    }

    [Test]
    public async Task Data_larger_than_the_entity_limit_is_oversize_poison()
    {
        var data = $$"""{"user_id":7,"pad":"{{new string('x', 1100)}}"}""";

        var outcome = await Process(Upsert("e1", UserModel, "42", 1, data));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Poison));
            Assert.That(outcome.Reason, Is.EqualTo(ContractReasons.Oversize));
            Assert.That(outcome.Detail, Does.Contain("1024"));
            Assert.That(outcome.Event?.Id, Is.EqualTo("e1"));
            AssertNothingWritten();
        }
    }

    [Test]
    public async Task Data_exactly_at_the_entity_limit_is_applied()
    {
        var prefix = "{\"user_id\":7,\"pad\":\"";
        var data = prefix + new string('x', 1024 - prefix.Length - 2) + "\"}";
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(data), Is.EqualTo(1024));

        var outcome = await Process(Upsert("e1", UserModel, "42", 1, data));

        Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
    }

    [Test]
    public async Task Entity_limit_counts_utf8_bytes_not_characters()
    {
        // 600 two-byte characters: 600 chars but 1200 bytes.
        var data = $$"""{"user_id":7,"pad":"{{new string('é', 600)}}"}""";

        var outcome = await Process(Upsert("e1", UserModel, "42", 1, data));

        Assert.That(outcome.Reason, Is.EqualTo(ContractReasons.Oversize));
    }

    [Test]
    public async Task Message_larger_than_MaxMessageBytes_is_oversize_poison()
    {
        var data = $$"""{"action":"{{new string('x', Settings.MaxMessageBytes)}}"}""";

        var outcome = await Process(Upsert("a1", AuditEntry, "9", 1, data));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Poison));
            Assert.That(outcome.Reason, Is.EqualTo(ContractReasons.Oversize));
            Assert.That(outcome.Event, Is.Null);
            AssertNothingWritten();
        }
    }

    [Test]
    public async Task Malformed_bytes_are_bad_json_poison()
    {
        var outcome = await Process("{\"id\":\"e1\",\"entity\":"u8.ToArray());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Poison));
            Assert.That(outcome.Reason, Is.EqualTo(ContractReasons.BadJson));
            Assert.That(outcome.Detail, Is.Not.Empty);
            Assert.That(outcome.Event, Is.Null);
            AssertNothingWritten();
        }
    }

    [Test]
    public async Task Invalid_utf8_inside_data_is_bad_json_poison()
    {
        var body = Upsert("e1", AuditEntry, "9", 1, """{"a":"X"}""");
        body[Array.IndexOf(body, (byte)'X')] = 0xFF;

        var outcome = await Process(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Poison));
            Assert.That(outcome.Reason, Is.EqualTo(ContractReasons.BadJson));
            AssertNothingWritten();
        }
    }

    [Test]
    public async Task Lone_surrogate_in_a_templated_field_is_validation_poison_not_an_exception()
    {
        var outcome = await Process(Upsert("e1", UserModel, "42", 1, """{"user_id":"\ud800"}"""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Poison));
            Assert.That(outcome.Reason, Is.EqualTo(ProcessingReasons.ValidationFailed));
            AssertNothingWritten();
        }
    }

    [Test]
    public async Task Contract_violation_keeps_the_decoder_reason()
    {
        var outcome = await Process(Message("e1", UserModel, "42", "merge", 1, UserData7));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Poison));
            Assert.That(outcome.Reason, Is.EqualTo(ContractReasons.UnknownOp));
        }
    }

    // --- transient failures ----------------------------------------------------------------------------------

    [Test]
    public async Task Store_failure_is_transient_and_not_recorded_as_applied()
    {
        var failure = new IOException("disk on fire");
        Store.AlwaysFail = true;
        Store.FailureToThrow = failure;

        var outcome = await Process(Upsert("e1", UserModel, "42", 1, UserData7));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.TransientFailure));
            Assert.That(outcome.Exception, Is.SameAs(failure));
            Assert.That(outcome.Reason, Is.EqualTo(ProcessingReasons.Transient));
            Assert.That(outcome.Detail, Is.EqualTo("disk on fire"));
            Assert.That(outcome.Event?.Id, Is.EqualTo("e1"));
            Assert.That(Cache.CallCount, Is.Zero);
            Assert.That(Idempotency.Recorded, Is.Empty);
        }
    }

    [Test]
    public async Task Cache_failure_is_transient_and_not_recorded_as_applied()
    {
        var failure = new TimeoutException("redis timed out");
        Cache.FailWith = failure;

        var outcome = await Process(Delete("d1", AuditEntry, "9", 1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.TransientFailure));
            Assert.That(outcome.Exception, Is.SameAs(failure));
            Assert.That(Idempotency.Recorded, Is.Empty);
        }
    }

    [Test]
    public async Task Retry_after_a_cache_failure_completes_the_write()
    {
        Cache.FailWith = new TimeoutException("redis timed out");
        var body = Upsert("e1", UserModel, "42", 1, UserData7);
        await Process(body);
        Cache.FailWith = null;

        var outcome = await Process(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Applied));
            Assert.That(Cache.Sets.Select(s => s.Key), Is.EqualTo(new[] { "user_model:42", "user_model:42" }));
            Assert.That(Idempotency.Contains("user_model:42", "e1"), Is.True);
        }
    }

    [Test]
    public async Task Cancellation_exception_from_a_dependency_without_shutdown_is_transient()
    {
        Store.AlwaysFail = true;
        Store.FailureToThrow = new OperationCanceledException("driver timeout");

        var outcome = await Process(Upsert("e1", UserModel, "42", 1, UserData7));

        Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.TransientFailure));
    }

    [Test]
    public void Shutdown_cancellation_propagates()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.That(async () => await Process(Upsert("e1", UserModel, "42", 1, UserData7), cts.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Idempotency.Recorded, Is.Empty);
    }

    private void AssertNothingWritten()
    {
        Assert.That(Store.Writes, Is.Empty, "store writes");
        Assert.That(Cache.CallCount, Is.Zero, "cache calls");
        Assert.That(Idempotency.Recorded, Is.Empty, "idempotency records");
    }
}
