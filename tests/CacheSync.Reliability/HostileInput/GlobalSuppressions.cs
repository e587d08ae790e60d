using System.Diagnostics.CodeAnalysis;

// The hostile-input generators draw from seeded System.Random instances (derived from FsCheck's seed) to decide how
// to escape and space JSON text: reproducibility is the point, and nothing here needs cryptographic randomness.
[assembly: SuppressMessage("Security", "CA5394:Do not use insecure randomness", Scope = "namespaceanddescendants",
    Target = "~N:CacheSync.Reliability.HostileInput", Justification = "Seeded test-input generation.")]
