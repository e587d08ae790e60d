using BenchmarkDotNet.Attributes;
using CacheSync.Contracts;
using CacheSync.Core.Policies;
using CacheSync.Core.Processing;
using CacheSync.Core.Storage;

namespace CacheSync.Bench.Micro;

/// <summary>
/// The per-event rules the processor runs on a decoded event, without any I/O: the policy, its checks, the cache key,
/// and the dependent keys of a write that replaced an earlier version of the record.
/// </summary>
/// <remarks>
/// Each step calls the processor's own code (made internal for this); only the order of the steps is repeated
/// here, from <c>EventProcessor.Admit</c> and <c>EventProcessor.UpsertAsync</c>.
/// </remarks>
[MemoryDiagnoser]
public class RuleDecisionBenchmarks
{
    private EntityPolicyCatalog _catalog = null!;
    private WriteEvent _event = null!;
    private StoreWriteResult _storeWrite;
    private DeliveryProgress _progress = null!;

    [Params(SamplePayloads.Small, SamplePayloads.Medium, SamplePayloads.Large)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _catalog = SamplePolicies.Catalog();
        _event = WriteEventDecoder.Decode(SamplePayloads.UpsertMessage(PayloadBytes)).Event
                 ?? throw new InvalidOperationException("The sample message must be a valid event.");

        // The usual write: an update of a record the store already held, one version older, same owner.
        var previous = new StoredRecord(_event.Key, _event.Version - 1, SamplePayloads.DataJson(PayloadBytes), IsDeleted: false);
        _storeWrite = new StoreWriteResult(StoreWriteOutcome.Applied, previous);
        _progress = new DeliveryProgress();
        _progress.RecordStoreWrite(_storeWrite);
        if (Admit() is null) throw new InvalidOperationException("The sample event must pass its policy.");
    }

    /// <summary>What <c>EventProcessor.Admit</c> does after decoding: policy, data size, required fields, dependent-key check, cache key.</summary>
    [Benchmark]
    public string? Admit()
    {
        if (!_catalog.TryGet(_event.Entity, out var policy)) return null;
        var dataJson = _event.Data?.GetRawText();
        if (EventProcessor.PolicyViolation(_event, policy, dataJson) is not null) return null;
        return policy.CacheKey.Render(_event.Entity, _event.Key, _event.Version, _event.Data);
    }

    /// <summary>What <c>EventProcessor.UpsertAsync</c> computes between the store write and the dependent invalidations.</summary>
    [Benchmark]
    public HashSet<string> DependentKeysAfterUpdate()
    {
        _catalog.TryGet(_event.Entity, out var policy);
        return EventProcessor.DependentKeys(_event, policy!, EventProcessor.ReplacedDataJson(_storeWrite, _progress));
    }
}
