using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CacheSync.Worker.Transport;

/// <summary>
/// In the Production environment (the default when none is set) the broker's credentials must come from
/// configuration or a secret: a URI without a user, or with RabbitMQ's default <c>guest</c> (which the broker
/// accepts only from localhost), stops the worker. The local stack (demo, docker compose) runs with
/// <c>DOTNET_ENVIRONMENT=Development</c>; other named environments (a test host's) are left to their owners.
/// </summary>
internal sealed class ProductionCredentialsValidator(IHostEnvironment environment) : IValidateOptions<RabbitMqTransportOptions>
{
    public ValidateOptionsResult Validate(string? name, RabbitMqTransportOptions options)
    {
        if (!environment.IsProduction() || !Uri.TryCreate(options.Uri, UriKind.Absolute, out var uri)) return ValidateOptionsResult.Skip;
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        return user.Length == 0 || string.Equals(user, "guest", StringComparison.Ordinal)
            ? ValidateOptionsResult.Fail($"{RabbitMqTransportOptions.SectionName}:Uri: in production the broker needs credentials of its own, not {(user.Length == 0 ? "none" : "the guest user")} (set them from a secret; DOTNET_ENVIRONMENT=Development allows guest for a local run).")
            : ValidateOptionsResult.Success;
    }
}
