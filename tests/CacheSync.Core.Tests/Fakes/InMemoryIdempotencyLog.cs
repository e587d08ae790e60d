using CacheSync.Core.Caching;

namespace CacheSync.Core.Tests.Fakes;

/// <summary>Remembers applied event ids per scope, in memory.</summary>
internal sealed class InMemoryIdempotencyLog : IIdempotencyLog
{
    private readonly HashSet<(string Scope, string EventId)> _applied = [];

    public List<(string Scope, string EventId)> Recorded { get; } = [];

    public bool Contains(string scope, string eventId) => _applied.Contains((scope, eventId));

    public void Seed(string scope, string eventId) => _applied.Add((scope, eventId));

    public Task<bool> WasAppliedAsync(string scope, string eventId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_applied.Contains((scope, eventId)));
    }

    public Task RecordAppliedAsync(string scope, string eventId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Recorded.Add((scope, eventId));
        _applied.Add((scope, eventId));
        return Task.CompletedTask;
    }
}
