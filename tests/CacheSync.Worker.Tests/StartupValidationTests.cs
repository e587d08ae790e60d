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
}
