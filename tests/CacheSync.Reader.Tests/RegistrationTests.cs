using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CacheSync.Reader.Tests;

[TestFixture]
[Category("Integration")]
public sealed class RegistrationTests : ReaderTestBase
{
    [Test]
    public void An_unknown_entity_is_an_argument_exception_naming_it()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                async () => await Reader.GetAsync("no_such_entity", "1", None),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("entity")
                    .And.Message.Contains("'no_such_entity'"));
            Assert.That(
                async () => await Reader.GetManyAsync("no_such_entity", ["1"], None),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("entity"));
        });
        Assert.That(Store.Reads, Is.Zero);
    }

    [Test]
    public void An_empty_key_is_an_argument_exception()
    {
        Assert.That(async () => await Reader.GetAsync(UserModel, "", None), Throws.ArgumentException);
        Assert.That(async () => await Reader.GetManyAsync(UserModel, ["1", ""], None), Throws.ArgumentException);
    }

    [Test]
    public void The_reader_is_one_singleton_behind_its_interface_and_is_built_when_the_host_starts()
    {
        Assert.That(Services.GetRequiredService<ICacheReader>(), Is.SameAs(Services.GetRequiredService<CacheReader>()));
        Assert.That(Services.GetServices<IHostedService>().Select(s => s.GetType().Name), Does.Contain("ReaderWarmUp"));
        Assert.That(Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().IsConnected, Is.True);
    }

    [Test]
    public async Task Bad_settings_stop_start_up_with_every_problem_named()
    {
        var settings = Settings();
        settings["CacheSync:Reader:MaxConcurrentStoreReads"] = "0";
        settings[$"CacheSync:Entities:{UserModel}:CacheKey"] = "user_model:{data.id}";

        // One OptionsValidationException per options type that failed, gathered into an AggregateException.
        var failure = Assert.CatchAsync(async () => await (await BuildServicesAsync(settings)).DisposeAsync());

        Assert.That(failure, Is.TypeOf<AggregateException>());
        Assert.That(((AggregateException)failure!).InnerExceptions, Has.All.TypeOf<OptionsValidationException>());
        Assert.That(failure.Message, Does.Contain("CacheSync:Reader:MaxConcurrentStoreReads: must be between 1 and 1024, not 0."));
        Assert.That(failure.Message, Does.Contain($"CacheSync:Entities:{UserModel}:CacheKey: may use only {{key}} and {{entity}}"));
    }
}
