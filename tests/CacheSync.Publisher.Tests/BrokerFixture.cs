using System.Diagnostics;
using System.Text.Json;
using CacheSync.Publisher;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace CacheSync.Publisher.Tests;

/// <summary>
/// A topic exchange and a queue bound to it (<c>#</c>) of one test's own on the real broker, a publisher aimed at
/// them, and the means to drop the publisher's connection from the broker's side.
/// </summary>
internal sealed class BrokerFixture : IAsyncDisposable
{
    public static readonly string RabbitMqUri = Environment.GetEnvironmentVariable("CACHESYNC_TEST_RABBITMQ") ?? "amqp://guest:guest@localhost:5672/";

    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private BrokerFixture(IConnection connection, IChannel channel, string name)
    {
        _connection = connection;
        _channel = channel;
        Exchange = $"{name}.events";
        Queue = $"{name}.queue";
        ConnectionName = $"{name}-publisher";
    }

    public string Exchange { get; }

    public string Queue { get; }

    public string ConnectionName { get; }

    public RecordingLogger Log { get; } = new();

    public static async Task<BrokerFixture> CreateAsync(string bindingKey = "#")
    {
        var connection = await new ConnectionFactory { Uri = new Uri(RabbitMqUri) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var fixture = new BrokerFixture(connection, channel, $"pubtest.{Guid.NewGuid():N}"[..24]);
        await channel.ExchangeDeclareAsync(fixture.Exchange, ExchangeType.Topic, durable: false, autoDelete: false);
        await channel.QueueDeclareAsync(fixture.Queue, durable: false, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(fixture.Queue, fixture.Exchange, bindingKey);
        return fixture;
    }

    public BufferedEventPublisher Publisher(Action<PublisherOptions>? configure = null, string? uri = null)
    {
        var options = new PublisherOptions
        {
            Uri = uri ?? RabbitMqUri,
            Exchange = Exchange,
            ConnectionName = ConnectionName,
            ReconnectDelay = TimeSpan.FromMilliseconds(100),
            ShutdownTimeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(options);
        return new BufferedEventPublisher(Options.Create(options), Log);
    }

    /// <summary>Takes every message from the test's queue: (event id from the body, message properties).</summary>
    public async Task<List<(string Id, IReadOnlyBasicProperties Properties, JsonElement Body)>> DrainAsync()
    {
        var messages = new List<(string, IReadOnlyBasicProperties, JsonElement)>();
        while (await _channel.BasicGetAsync(Queue, autoAck: true) is { } message)
        {
            var body = JsonDocument.Parse(message.Body.ToArray()).RootElement.Clone();
            messages.Add((body.GetProperty("id").GetString()!, message.BasicProperties, body));
        }

        return messages;
    }

    public async Task<uint> DepthAsync() => (await _channel.QueueDeclarePassiveAsync(Queue)).MessageCount;

    /// <summary>Closes the publisher's connection from the broker's side, as a broker restart or a network cut would.</summary>
    public async Task DropPublisherConnectionAsync() => await CloseConnectionAsync(await FindPublisherConnectionAsync());

    /// <summary>The broker's id (pid) of the publisher's connection, found by its client-provided name.</summary>
    public async Task<string> FindPublisherConnectionAsync()
    {
        var list = await RabbitMqCtlAsync("-q", "list_connections", "--no-table-headers", "pid", "client_properties");
        var line = list.Split('\n').FirstOrDefault(l => l.Contains(ConnectionName, StringComparison.Ordinal))
            ?? throw new AssertionException($"no broker connection named {ConnectionName}:\n{list}");
        return line.Split('\t', ' ')[0].Trim();
    }

    public static Task CloseConnectionAsync(string pid) => RabbitMqCtlAsync("close_connection", pid, "test: connection dropped on purpose");

    private static async Task<string> RabbitMqCtlAsync(params string[] args)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(process.ExitCode, Is.Zero, $"rabbitmqctl {string.Join(' ', args)}: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.QueueDeleteAsync(Queue);
        await _channel.ExchangeDeleteAsync(Exchange);
        await _channel.CloseAsync();
        await _connection.CloseAsync();
        _channel.Dispose();
        _connection.Dispose();
    }
}

/// <summary>Keeps what the publisher logs, to check what it reports.</summary>
internal sealed class RecordingLogger : ILogger<BufferedEventPublisher>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries) return _entries.ToList();
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add((logLevel, formatter(state, exception)));
    }
}
