using CacheSync.Worker;
using Microsoft.Extensions.Options;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddCacheSyncWorker(builder.Configuration);

// Longer than MassTransit's stop timeout, so in-flight messages finish before the host gives up on them.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));

using var host = builder.Build();
try
{
    await host.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (OptionsValidationException ex)
{
    // One clear message per bad setting, no stack trace: configuration errors are the operator's to fix.
    foreach (var failure in ex.Failures)
    {
        await Console.Error.WriteLineAsync($"cachesync: invalid configuration: {failure}").ConfigureAwait(false);
    }

    return 2;
}
