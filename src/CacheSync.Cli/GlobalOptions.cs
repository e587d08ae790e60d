using System.CommandLine;

namespace CacheSync.Cli;

/// <summary>Options every command takes: where the configuration is, and overrides of what it says.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Config { get; } = new("--config") { Description = "A worker appsettings.json to read (default: the one beside this tool), before environment variables.", Recursive = true };

    public Option<string?> RabbitMq { get; } = new("--rabbitmq") { Description = "The broker, amqp://user:password@host:port/vhost (default: CacheSync:RabbitMq:Uri).", Recursive = true };

    public Option<string?> Exchange { get; } = new("--exchange") { Description = "The exchange producers publish to (default: CacheSync:RabbitMq:Exchange).", Recursive = true };

    public Option<string?> Queue { get; } = new("--queue") { Description = "The worker's queue (default: CacheSync:RabbitMq:Queue).", Recursive = true };

    public Option<string?> DeadLetterQueue { get; } = new("--dlq") { Description = "The dead-letter queue (default: CacheSync:RabbitMq:DeadLetterQueue).", Recursive = true };

    public Option<string?> Redis { get; } = new("--redis") { Description = "Redis, as a StackExchange.Redis configuration string (default: CacheSync:Redis:Configuration).", Recursive = true };

    public IEnumerable<Option> All => [Config, RabbitMq, Exchange, Queue, DeadLetterQueue, Redis];

    public CliSettings Settings(ParseResult parse) => CliSettings.Load(
        parse.GetValue(Config), parse.GetValue(RabbitMq), parse.GetValue(Exchange), parse.GetValue(Queue), parse.GetValue(DeadLetterQueue), parse.GetValue(Redis));
}
