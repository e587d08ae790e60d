using CacheSync.Bench;

// cachesync-bench [all|e2e|micro] [--smoke] [--results DIR] [BenchmarkDotNet arguments after --]
return await BenchCommand.RunAsync(args).ConfigureAwait(false);
