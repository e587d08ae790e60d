using CacheSync.Core.Caching;

namespace CacheSync.Core.Tests.Fakes;

/// <summary>Remembers applied event ids per scope, in memory.</summary>
internal sealed class InMemoryIdempotencyLog : IIdempotencyLog
{
    private readonly Dictionary<(string Scope, string EventId), string> _applied = [];

    public List<(string Scope, string EventId)> Recorded { get; } = [];

    public bool Contains(string scope, string eventId) => _applied.ContainsKey((scope, eventId));

    /// <summary>A record written by some other delivery (a token no delivery of the test holds).</summary>
    public void Seed(string scope, string eventId) => _applied[(scope, eventId)] = "seeded";

    public Task<string?> RecordedByAsync(string scope, string eventId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_applied.GetValueOrDefault((scope, eventId)));
    }

    public Task RecordAppliedAsync(string scope, string eventId, string deliveryToken, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Recorded.Add((scope, eventId));
        _applied.TryAdd((scope, eventId), deliveryToken);
        return Task.CompletedTask;
    }
}
