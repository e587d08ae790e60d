using CacheSync.Core.Policies;
using CacheSync.Core.Tests.Fakes;
using static CacheSync.Core.Tests.TestSetup;

namespace CacheSync.Core.Tests;

/// <summary>Fresh policies and in-memory ports for each test of the processing pipeline.</summary>
public abstract class ProcessingTestBase
{
    internal CacheSyncOptions Settings { get; private set; } = null!;

    internal InMemoryRecordStore Store { get; private set; } = null!;

    internal RecordingEntryCache Cache { get; private set; } = null!;

    internal InMemoryIdempotencyLog Idempotency { get; private set; } = null!;

    [SetUp]
    public void CreatePorts()
    {
        Settings = CreateOptions();
        Store = new InMemoryRecordStore();
        Cache = new RecordingEntryCache();
        Idempotency = new InMemoryIdempotencyLog();
    }
}
