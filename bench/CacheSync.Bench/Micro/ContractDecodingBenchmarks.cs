using BenchmarkDotNet.Attributes;
using CacheSync.Contracts;

namespace CacheSync.Bench.Micro;

/// <summary>The first thing the worker does with every message: judge its bytes against contract v1.</summary>
[MemoryDiagnoser]
public class ContractDecodingBenchmarks
{
    private ReadOnlyMemory<byte> _message;

    [Params(SamplePayloads.Small, SamplePayloads.Medium, SamplePayloads.Large)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _message = SamplePayloads.UpsertMessage(PayloadBytes);

        // A benchmark of the rejection path by mistake would look wonderfully fast.
        if (!WriteEventDecoder.Decode(_message).IsValid) throw new InvalidOperationException("The sample message must be a valid event.");
    }

    /// <summary>A valid upsert, decoded with the limits the worker uses by default (1 MiB, depth 64).</summary>
    [Benchmark]
    public DecodeResult Decode() => WriteEventDecoder.Decode(_message, DecoderLimits.Default);
}
