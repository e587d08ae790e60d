using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CacheSync.Contracts;
using CacheSync.Core.Caching;
using CacheSync.Core.Policies;
using CacheSync.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CacheSync.Core.Processing;

/// <summary>
/// Applies one message to the store and the cache by its entity's policy, and says what happened.
/// Transport-independent: it sees bytes in and returns an outcome; acking and retrying belong to the caller.
/// </summary>
/// <remarks>
/// Order matters for crash safety: store, then cache entry, then dependent keys, then the idempotency record.
/// A crash anywhere before the record means redelivery, and every step is fenced or idempotent, so the
/// repeated steps change nothing that a newer write has already set.
/// </remarks>
public sealed class EventProcessor
{
    private readonly EntityPolicyCatalog _policies;
    private readonly IRecordStore _store;
    private readonly IEntryCache _cache;
    private readonly IIdempotencyLog _idempotency;
    private readonly DecoderLimits _limits;
    private readonly ILogger<EventProcessor> _logger;

    // The idempotency log is a check, not a lock: two copies of one event in flight at once here (a producer's
    // duplicate right behind the original, a replay beside a redelivery) would both pass the check before either
    // recorded the id, and both count as applied. So copies take turns in this process; the later one then finds
    // the record and is a duplicate. (Copies on two replicas may still both apply; the fences make that harmless.)
    private readonly ConcurrentDictionary<(string Scope, string EventId), Task> _inFlight = new();

    public EventProcessor(
        EntityPolicyCatalog policies,
        IRecordStore store,
        IEntryCache cache,
        IIdempotencyLog idempotency,
        IOptions<CacheSyncOptions> options,
        ILogger<EventProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _policies = policies;
        _store = store;
        _cache = cache;
        _idempotency = idempotency;
        _logger = logger;
        _limits = new DecoderLimits { MaxMessageBytes = options.Value.MaxMessageBytes };
    }

    public Task<ProcessingOutcome> ProcessAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        ProcessAsync(body, new DeliveryProgress(), cancellationToken);

    /// <param name="progress">Shared by the attempts at one delivery; see <see cref="DeliveryProgress"/>.</param>
    public async Task<ProcessingOutcome> ProcessAsync(ReadOnlyMemory<byte> body, DeliveryProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (Admit(body, out var admitted) is { } poison) return poison;
        var (writeEvent, policy, dataJson, cacheKey) = admitted!;

        // Every log line of this attempt (store, cache, idempotency) carries the event it is about.
        using var scope = _logger.BeginScope(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["EventId"] = writeEvent.Id,
            ["Entity"] = writeEvent.Entity,
            ["Key"] = writeEvent.Key,
        });
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (!_inFlight.TryAdd((cacheKey, writeEvent.Id), turn.Task))
        {
            if (_inFlight.TryGetValue((cacheKey, writeEvent.Id), out var other)) await other.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (await _idempotency.RecordedByAsync(cacheKey, writeEvent.Id, cancellationToken).ConfigureAwait(false) is { } recordedBy)
            {
                return recordedBy == progress.Token && progress.Decided is { } own ? own : ProcessingOutcome.Duplicate(writeEvent);
            }

            var outcome = writeEvent.Op == EventOperation.Upsert
                ? await UpsertAsync(writeEvent, policy, cacheKey, dataJson!, progress, cancellationToken).ConfigureAwait(false)
                : await DeleteAsync(writeEvent, policy, cacheKey, progress, cancellationToken).ConfigureAwait(false);

            progress.RecordDecision(outcome);
            await _idempotency.RecordAppliedAsync(cacheKey, writeEvent.Id, progress.Token, cancellationToken).ConfigureAwait(false);
            return outcome;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (RecordRejectedException ex)
        {
            return ProcessingOutcome.Poison(ProcessingReasons.ValidationFailed, $"the store refused the record: {ex.Message}", writeEvent);
        }
#pragma warning disable CA1031 // Any failure of a dependency is worth a retry; the retry budget bounds it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ProcessingOutcome.TransientFailure(writeEvent, ex);
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create((cacheKey, writeEvent.Id), turn.Task));
            turn.SetResult();
        }
    }

    /// <summary>Decodes and validates a message against its policy, without any I/O. Never throws.</summary>
    private ProcessingOutcome? Admit(ReadOnlyMemory<byte> body, out AdmittedEvent? admitted)
    {
        admitted = null;
        try
        {
            var decoded = WriteEventDecoder.Decode(body, _limits);
            if (!decoded.IsValid) return ProcessingOutcome.Poison(decoded.Violation.Reason, decoded.Violation.Detail);

            var writeEvent = decoded.Event;
            if (!_policies.TryGet(writeEvent.Entity, out var policy))
            {
                return ProcessingOutcome.Poison(ProcessingReasons.UnknownEntity, $"no policy is configured for entity '{writeEvent.Entity}'", writeEvent);
            }

            var dataJson = writeEvent.Data?.GetRawText();
            if (PolicyViolation(writeEvent, policy, dataJson) is { } violation) return violation;

            // A CacheKey uses only {key} and {entity} (checked at start-up), both vetted by the decoder, so this
            // renders; the check stays for policies built in code.
            if (policy.CacheKey.Render(writeEvent.Entity, writeEvent.Key, writeEvent.Version, writeEvent.Data) is not { } cacheKey)
            {
                return ProcessingOutcome.Poison(ProcessingReasons.ValidationFailed, $"cache key '{policy.CacheKey}' cannot be filled from this event", writeEvent);
            }

            admitted = new AdmittedEvent(writeEvent, policy, dataJson, cacheKey);
            return null;
        }
#pragma warning disable CA1031 // Whatever the input, judging it must end in an outcome: a bug here must not stall the queue.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "Judging a message failed unexpectedly; dead-lettering it");
            return ProcessingOutcome.Poison(ProcessingReasons.ValidationFailed, $"the message could not be judged: {ex.Message}");
        }
    }

    /// <summary>An event that passed the contract and its policy, ready to apply.</summary>
    private sealed record AdmittedEvent(WriteEvent Event, EntityPolicy Policy, string? DataJson, string CacheKey);

    /// <summary>The policy's checks of one admitted event (data size, required fields, dependent keys); null when it passes.</summary>
    /// <remarks>Internal, not private, so the micro-benchmarks time this code rather than a copy of it.</remarks>
    internal static ProcessingOutcome? PolicyViolation(WriteEvent writeEvent, EntityPolicy policy, string? dataJson)
    {
        if (dataJson is not null && Encoding.UTF8.GetByteCount(dataJson) is var size && size > policy.MaxPayloadBytes)
        {
            return ProcessingOutcome.Poison(ContractReasons.Oversize,
                $"data is {size} bytes; entity '{policy.Entity}' allows {policy.MaxPayloadBytes}", writeEvent);
        }

        if (writeEvent.Op == EventOperation.Upsert)
        {
            foreach (var field in policy.Required)
            {
                if (!HasField(writeEvent.Data!.Value, field))
                {
                    return ProcessingOutcome.Poison(ProcessingReasons.ValidationFailed,
                        $"entity '{policy.Entity}' requires data.{field}", writeEvent);
                }
            }

            foreach (var template in policy.DependentKeys)
            {
                if (template.Render(writeEvent.Entity, writeEvent.Key, writeEvent.Version, writeEvent.Data) is null)
                {
                    return ProcessingOutcome.Poison(ProcessingReasons.ValidationFailed,
                        $"dependent key '{template}' needs {string.Join(", ", template.DataFields.Select(f => "data." + f))} as a non-empty scalar", writeEvent);
                }
            }
        }

        return null;
    }

    private static bool HasField(JsonElement data, string path)
    {
        var current = data;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current)) return false;
        }

        return current.ValueKind != JsonValueKind.Null;
    }

    private async Task<ProcessingOutcome> UpsertAsync(WriteEvent e, EntityPolicy policy, string cacheKey, string dataJson, DeliveryProgress progress, CancellationToken ct)
    {
        var stored = await _store.UpsertAsync(policy.Table, e.Key, e.Version, dataJson, ct).ConfigureAwait(false);
        progress.RecordStoreWrite(stored);

        // A write the store refused as stale never touches the cache: a newer write owns the entry, and if the
        // entry had been evicted this one would bring an older value back.
        var cached = stored.Outcome == StoreWriteOutcome.Stale ? (CacheWriteOutcome?)null
            : policy.Strategy == CacheStrategy.WriteThrough
                ? await _cache.SetIfNewerAsync(cacheKey, e.Version, dataJson, policy.Ttl, ct).ConfigureAwait(false)
                : await _cache.InvalidateAsync(cacheKey, e.Version, InvalidationKind.Invalidated, ct).ConfigureAwait(false);

        // Dependent keys are invalidated even for a stale write: an earlier delivery of this event may have
        // reached the store and failed before this step, and an invalidation is always safe.
        await InvalidateDependentsAsync(DependentKeys(e, policy, ReplacedDataJson(stored, progress)), e.Version, ct).ConfigureAwait(false);

        _logger.LogDebug("Upsert {Entity}/{Key} v{Version}: store {Store}, cache {Cache}", e.Entity, e.Key, e.Version, stored.Outcome, cached);
        return stored.Outcome == StoreWriteOutcome.Stale ? ProcessingOutcome.Stale(e) : ProcessingOutcome.Applied(e);
    }

    private async Task<ProcessingOutcome> DeleteAsync(WriteEvent e, EntityPolicy policy, string cacheKey, DeliveryProgress progress, CancellationToken ct)
    {
        var stored = await _store.DeleteAsync(policy.Table, e.Key, e.Version, ct).ConfigureAwait(false);
        progress.RecordStoreWrite(stored);
        if (stored.Outcome != StoreWriteOutcome.Stale)
        {
            await _cache.InvalidateAsync(cacheKey, e.Version, InvalidationKind.Deleted, ct).ConfigureAwait(false);
        }

        // A delete rarely carries data; the record it replaced names the dependent keys instead.
        var replacedDataJson = ReplacedDataJson(stored, progress);
        if (policy.DependentKeysNeedData && e.Data is null && replacedDataJson is null)
        {
            _logger.LogDebug("Delete of {Entity}/{Key} v{Version}: no data to render its dependent keys; only links are invalidated", e.Entity, e.Key, e.Version);
        }

        await InvalidateDependentsAsync(DependentKeys(e, policy, replacedDataJson), e.Version, ct).ConfigureAwait(false);
        return stored.Outcome == StoreWriteOutcome.Stale ? ProcessingOutcome.Stale(e) : ProcessingOutcome.Applied(e);
    }

    private async Task InvalidateDependentsAsync(IEnumerable<string> keys, long version, CancellationToken ct)
    {
        // Separate calls, not one script: dependent keys may live in other Redis Cluster slots.
        foreach (var key in keys)
        {
            await _cache.InvalidateDependentAsync(key, version, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The keys a write invalidates besides its own entry: the event's links, and each dependent-key template
    /// rendered from the event's data and from the data of the record the write replaced.
    /// </summary>
    /// <remarks>
    /// The replaced record is parsed only when some template reads data (no other template can render differently
    /// from it), and only for as long as the rendering takes, so its pooled buffers go back at once instead of the
    /// whole record being copied into a clone. Internal, not private, so the micro-benchmarks time this code.
    /// </remarks>
    internal static HashSet<string> DependentKeys(WriteEvent e, EntityPolicy policy, string? replacedDataJson)
    {
        var keys = new HashSet<string>(e.Links, StringComparer.Ordinal);
        if (policy.DependentKeys.Count == 0) return keys;

        using var replaced = replacedDataJson is not null && policy.DependentKeysNeedData ? ParseOrNull(replacedDataJson) : null;
        foreach (var template in policy.DependentKeys)
        {
            if (template.Render(e.Entity, e.Key, e.Version, e.Data) is { } key) keys.Add(key);
            if (replaced is not null && template.Render(e.Entity, e.Key, e.Version, replaced.RootElement) is { } previousKey) keys.Add(previousKey);
        }

        return keys;
    }

    /// <summary>
    /// The data (JSON) of the record this event's write replaced: remembered from an earlier attempt at this
    /// delivery, or, when an earlier delivery already wrote it, kept by the store beside the current row.
    /// </summary>
    /// <remarks>Internal, not private, so the micro-benchmarks time this code rather than a copy of it.</remarks>
    internal static string? ReplacedDataJson(StoreWriteResult stored, DeliveryProgress progress)
    {
        if (progress.StoreApplied)
        {
            return progress.ReplacedRecord is { IsDeleted: false, DataJson: { } json } ? json : null;
        }

        return stored is { Outcome: StoreWriteOutcome.AlreadyCurrent, Previous.ReplacedDataJson: { } kept } ? kept : null;
    }

    private static JsonDocument? ParseOrNull(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
