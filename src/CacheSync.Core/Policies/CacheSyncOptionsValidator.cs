using Microsoft.Extensions.Options;

namespace CacheSync.Core.Policies;

/// <summary>Runs at start-up (ValidateOnStart): a bad policy stops the worker with a message naming the setting.</summary>
internal sealed class CacheSyncOptionsValidator : IValidateOptions<CacheSyncOptions>
{
    public ValidateOptionsResult Validate(string? name, CacheSyncOptions options)
    {
        var errors = EntityPolicyCatalog.Validate(options).ToList();
        errors.AddRange(options.Retry.Validate().Select(e => $"{CacheSyncOptions.SectionName}:Retry:{e}"));
        errors.AddRange(options.CircuitBreaker.Validate().Select(e => $"{CacheSyncOptions.SectionName}:CircuitBreaker:{e}"));
        if (options.MaxMessageBytes <= 0)
        {
            errors.Add($"{CacheSyncOptions.SectionName}:MaxMessageBytes: must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
