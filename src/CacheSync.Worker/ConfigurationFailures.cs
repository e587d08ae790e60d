using Microsoft.Extensions.Options;

namespace CacheSync.Worker;

/// <summary>Flattens start-up validation exceptions into one message per bad setting.</summary>
internal static class ConfigurationFailures
{
    public static IEnumerable<string> From(Exception exception) => exception switch
    {
        OptionsValidationException validation => validation.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(From),

        // The configuration binder's own message names the setting and the value it could not convert.
        _ => [exception.Message],
    };
}
