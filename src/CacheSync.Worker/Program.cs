using CacheSync.Core;
using CacheSync.Worker;
using CacheSync.Worker.Transport;
using Microsoft.Extensions.Options;

// appsettings.json is read from beside the worker's binaries, wherever it is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddCacheSyncWorker(builder.Configuration);

// Longer than MassTransit's stop timeout (drain + 15 s), so in-flight messages are settled before the host gives up.
var drainTimeout = RabbitMqTransportOptions.DrainTimeoutFrom(builder.Configuration);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drainTimeout + TimeSpan.FromSeconds(20));

IHost host;
try
{
    host = builder.Build();

    // Validate every setting before anything starts, so a bad one is reported once, in one line, naming it.
    host.Services.GetRequiredService<IStartupValidator>().Validate();
}
catch (Exception ex) when (ex is OptionsValidationException or AggregateException or InvalidOperationException)
{
    foreach (var failure in ConfigurationFailures.From(ex))
    {
        await Console.Error.WriteLineAsync($"cachesync: invalid configuration: {failure}").ConfigureAwait(false);
    }

    return 2;
}

using (host)
{
    try
    {
        await host.RunAsync().ConfigureAwait(false);
    }
    catch (StartupCheckException ex)
    {
        // Settings that validated but proved unworkable against a live dependency: reported like invalid settings.
        foreach (var failure in ex.Failures)
        {
            await Console.Error.WriteLineAsync($"cachesync: invalid configuration: {failure}").ConfigureAwait(false);
        }

        return 2;
    }
}

return 0;
