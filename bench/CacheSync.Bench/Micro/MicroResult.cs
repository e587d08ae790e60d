namespace CacheSync.Bench.Micro;

/// <summary>One micro-benchmark case, as a row of the results table.</summary>
/// <param name="Name">The benchmark class and method, with its parameters (e.g. <c>ContractDecoding.Decode(PayloadBytes=4096)</c>).</param>
/// <param name="MeanNanoseconds">Mean time per operation; NaN when the case failed (Redis down, say), so a failure shows in the table instead of vanishing.</param>
/// <param name="AllocatedBytesPerOperation">Managed bytes allocated per operation; NaN when not measured.</param>
public sealed record MicroResult(string Name, double MeanNanoseconds, double AllocatedBytesPerOperation);
