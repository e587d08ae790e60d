using CacheSync.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CacheSync.Worker.Tests;

/// <summary>Bad settings stop the worker at start-up with a message naming the setting.</summary>
[Category("Integration")]
public sealed class StartupValidationTests
{
    [TestCase("CacheSync:Entities:user_model:CacheKey", "user:{key", "CacheSync:Entities:user_model:CacheKey")]
    [TestCase("CacheSync:Entities:user_model:DependentKeys:0", "user:{nope}", "CacheSync:Entities:user_model:DependentKeys:0")]
    [TestCase("CacheSync:Entities:user_model:Table", "users; drop table x", "CacheSync:Entities:user_model:Table")]
    [TestCase("CacheSync:RabbitMq:Uri", "http://localhost", "CacheSync:RabbitMq:Uri")]
    [TestCase("CacheSync:RabbitMq:PrefetchCount", "0", "PrefetchCount")]
    [TestCase("CacheSync:Retry:MaxAttempts", "0", "CacheSync:Retry:MaxAttempts")]
    [TestCase("CacheSync:Redis:TombstoneTtl", "00:00:00", "TombstoneTtl")]
    [TestCase("CacheSync:Entities:user_model:Strategy", "WriteSideways", "CacheSync:Entities:user_model:Strategy")]
    public async Task Invalid_setting_stops_the_worker_with_a_message_naming_it(string setting, string value, string named)
    {
        await using var harness = new WorkerHarness(s => s[setting] = value);
        var ex = Assert.ThrowsAsync<OptionsValidationException>(harness.StartAsync);
        Assert.That(ex!.Message, Does.Contain(named));
    }

    [TestCase("amqp://guest:guest@rabbitmq:5672/", "the guest user")]
    [TestCase("amqp://rabbitmq:5672/", "not none")]
    public void In_production_the_broker_needs_credentials_of_its_own(string uri, string named)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CacheSync:RabbitMq:Uri"] = uri,
            ["CacheSync:Entities:user_model:CacheKey"] = "user_model:{key}",
        });
        builder.Services.AddCacheSyncWorker(builder.Configuration);
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(error!.Message, Does.Contain("CacheSync:RabbitMq:Uri: in production").And.Contain(named.Replace("not ", "", StringComparison.Ordinal)));
    }

    [Test]
    public void In_production_a_user_of_its_own_passes()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CacheSync:RabbitMq:Uri"] = "amqp://cachesync:s3cret@rabbitmq:5672/",
            ["CacheSync:Entities:user_model:CacheKey"] = "user_model:{key}",
        });
        builder.Services.AddCacheSyncWorker(builder.Configuration);
        using var host = builder.Build();

        Assert.DoesNotThrow(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
    }
}
