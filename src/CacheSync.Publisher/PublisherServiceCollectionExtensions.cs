using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CacheSync.Publisher;

public static class PublisherServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IEventPublisher"/>, configured from <c>CacheSync:Publisher</c> (validated at start-up), and
    /// runs its delivery loop as a hosted service, so the host's shutdown flushes the buffer.
    /// </summary>
    public static IServiceCollection AddCacheSyncPublisher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PublisherOptions>()
            .Bind(configuration.GetSection(PublisherOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PublisherOptions>, PublisherOptionsValidator>();
        services.AddSingleton<BufferedEventPublisher>();
        services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<BufferedEventPublisher>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<BufferedEventPublisher>());
        return services;
    }

    /// <summary>Reports every bad setting, each naming itself.</summary>
    private sealed class PublisherOptionsValidator : IValidateOptions<PublisherOptions>
    {
        public ValidateOptionsResult Validate(string? name, PublisherOptions options)
        {
            var failures = options.Validate().ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
