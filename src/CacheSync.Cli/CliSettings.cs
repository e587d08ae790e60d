using CacheSync.Core.Policies;
using Microsoft.Extensions.Configuration;

namespace CacheSync.Cli;

/// <summary>
/// What the CLI connects to. It reads the worker's configuration (the worker's appsettings.json, which ships beside
/// the CLI, or the file given with <c>--config</c>; then environment variables such as
/// <c>CacheSync__RabbitMq__Uri</c>); options on the command line win over both.
/// </summary>
internal sealed partial class CliSettings
{
    public required IConfiguration Configuration { get; init; }

    public required Uri RabbitMq { get; init; }

    public required string Exchange { get; init; }

    public required string Queue { get; init; }

    public required string DeadLetterQueue { get; init; }

    public required string Redis { get; init; }

    public static CliSettings Load(string? configFile, string? rabbitMq, string? exchange, string? queue, string? deadLetterQueue, string? redis)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (configFile is not null)
        {
            if (!File.Exists(configFile)) throw new CliException(ExitCodes.Usage, $"--config: the file '{configFile}' does not exist.");
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        IConfiguration configuration;
        try
        {
            configuration = builder.AddEnvironmentVariables().Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            throw new CliException(ExitCodes.Usage, $"the configuration cannot be read: {e.Message}", e);
        }

        var uriText = rabbitMq ?? configuration["CacheSync:RabbitMq:Uri"] ?? "amqp://guest:guest@localhost:5672/";
        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            throw new CliException(ExitCodes.Usage, $"{(rabbitMq is null ? "CacheSync:RabbitMq:Uri" : "--rabbitmq")}: '{Redact(uriText)}' is not an amqp:// or amqps:// URI.");
        }

        return new CliSettings
        {
            Configuration = configuration,
            RabbitMq = uri,
            Exchange = exchange ?? configuration["CacheSync:RabbitMq:Exchange"] ?? "cachesync.events",
            Queue = queue ?? configuration["CacheSync:RabbitMq:Queue"] ?? "cachesync.worker",
            DeadLetterQueue = deadLetterQueue ?? configuration["CacheSync:RabbitMq:DeadLetterQueue"] ?? "cachesync.worker.dlq",
            Redis = redis ?? configuration["CacheSync:Redis:Configuration"] ?? "localhost:6379",
        };
    }

    /// <summary>The entity policies, as the worker compiles them; a bad one is a usage error naming its setting.</summary>
    public EntityPolicyCatalog Policies()
    {
        var options = new CacheSyncOptions();
        Configuration.GetSection(CacheSyncOptions.SectionName).Bind(options);
        var errors = EntityPolicyCatalog.Validate(options);
        if (errors.Count > 0) throw new CliException(ExitCodes.Usage, $"invalid configuration: {errors[0]}");
        return EntityPolicyCatalog.FromOptions(options);
    }

    /// <summary>The broker's address without its password, for messages.</summary>
    public string BrokerDisplay => $"{RabbitMq.Scheme}://{RabbitMq.Host}:{(RabbitMq.IsDefaultPort ? (RabbitMq.Scheme == "amqps" ? 5671 : 5672) : RabbitMq.Port)}{RabbitMq.AbsolutePath}";

    // By pattern, not by parsing: the URIs that fail to parse are the ones printed in errors.
    private static string Redact(string uri) => UserInfo().Replace(uri, "://***@");

    [System.Text.RegularExpressions.GeneratedRegex("://[^@/]*@")]
    private static partial System.Text.RegularExpressions.Regex UserInfo();
}
