using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CacheSync.Core;

public static class OptionsBuilderExtensions
{
    /// <summary>
    /// Validates options with a function that lists every problem, each a message naming its setting, so that
    /// start-up reports them all at once rather than stopping at the first.
    /// </summary>
    public static OptionsBuilder<TOptions> ValidateEach<TOptions>(this OptionsBuilder<TOptions> builder, Func<TOptions, IEnumerable<string>> problems)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new ProblemListValidator<TOptions>(builder.Name, problems));
        return builder;
    }

    private sealed class ProblemListValidator<TOptions>(string? optionsName, Func<TOptions, IEnumerable<string>> problems) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            if (optionsName is not null && name != optionsName) return ValidateOptionsResult.Skip;
            var found = problems(options).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
