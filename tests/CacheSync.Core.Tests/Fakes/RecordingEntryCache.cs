using CacheSync.Core.Caching;

namespace CacheSync.Core.Tests.Fakes;

/// <summary>A version-fenced cache in memory that records every call made to it, in order.</summary>
internal sealed class RecordingEntryCache : IEntryCache
{
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);

    public List<SetCall> Sets { get; } = [];

    public List<InvalidateCall> Invalidations { get; } = [];

    public List<DependentCall> DependentInvalidations { get; } = [];

    public int CallCount => Sets.Count + Invalidations.Count + DependentInvalidations.Count;

    /// <summary>When set, every call throws it (after being recorded).</summary>
    public Exception? FailWith { get; set; }

    /// <summary>The next this-many calls throw (after being recorded), then calls succeed again.</summary>
    public int FailuresBeforeSuccess { get; set; }

    private void FailIfAsked()
    {
        if (FailWith is not null) throw FailWith;
        if (FailuresBeforeSuccess > 0)
        {
            FailuresBeforeSuccess--;
            throw new TimeoutException("the cache timed out");
        }
    }

    public Task<CacheWriteOutcome> SetIfNewerAsync(string key, long version, string dataJson, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Sets.Add(new SetCall(key, version, dataJson, ttl));
        FailIfAsked();
        return Task.FromResult(Fence(key, version));
    }

    public Task<CacheWriteOutcome> InvalidateAsync(string key, long version, InvalidationKind kind, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Invalidations.Add(new InvalidateCall(key, version, kind));
        FailIfAsked();
        return Task.FromResult(Fence(key, version));
    }

    public Task InvalidateDependentAsync(string key, long version, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DependentInvalidations.Add(new DependentCall(key, version));
        FailIfAsked();
        return Task.CompletedTask;
    }

    private CacheWriteOutcome Fence(string key, long version)
    {
        if (_versions.TryGetValue(key, out var held) && held >= version) return CacheWriteOutcome.Fenced;
        _versions[key] = version;
        return CacheWriteOutcome.Written;
    }

    internal sealed record SetCall(string Key, long Version, string DataJson, TimeSpan? Ttl);

    internal sealed record InvalidateCall(string Key, long Version, InvalidationKind Kind);

    internal sealed record DependentCall(string Key, long Version);
}
