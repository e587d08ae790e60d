using System.Text;
using System.Collections.Concurrent;
using CacheSync.Core.Processing;
using CacheSync.Core.Storage;
using CacheSync.Stores.Sqlite;
using CacheSync.Worker;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace CacheSync.Testing.Worker;

/// <summary>
/// The real worker host (real configuration, MassTransit endpoint, rules, Redis and SQLite) on topology names
/// of its own, so tests never see each other's messages. Publishing is done with a bare RabbitMQ.Client, as
/// any producer would.
/// </summary>
public sealed class WorkerHarness : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _directory;
    private IConnection? _connection;
    private IChannel? _publisher;
    private ConnectionMultiplexer? _redis;
    private readonly OutcomeRecorder _outcomes = new();

    public WorkerHarness(Action<Dictionary<string, string?>>? configure = null)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        Prefix = $"t{id}";
        _directory = Path.Combine(Path.GetTempPath(), "cachesync-tests", id);
        Directory.CreateDirectory(_directory);
        Exchange = $"cachesync.test.{id}.events";
        Queue = $"cachesync.test.{id}.worker";
        DeadLetterQueue = $"cachesync.test.{id}.dlq";
        _settings = new Dictionary<string, string?>
        {
            ["CacheSync:RabbitMq:Uri"] = TestEnvironment.RabbitMqUri,
            ["CacheSync:RabbitMq:Exchange"] = Exchange,
            ["CacheSync:RabbitMq:Queue"] = Queue,
            ["CacheSync:RabbitMq:DeadLetterQueue"] = DeadLetterQueue,
            ["CacheSync:RabbitMq:PrefetchCount"] = "32",
            ["CacheSync:RabbitMq:ConcurrencyLimit"] = "8",
            ["CacheSync:RabbitMq:DrainTimeout"] = "00:00:02",
            ["CacheSync:Redis:Configuration"] = TestEnvironment.Redis,
            ["CacheSync:Redis:TombstoneTtl"] = "00:01:00",
            ["CacheSync:Sqlite:Path"] = Path.Combine(_directory, "store.db"),
            ["CacheSync:Retry:MaxAttempts"] = "5",
            ["CacheSync:Retry:InitialDelay"] = "00:00:00.050",
            ["CacheSync:Retry:MaxDelay"] = "00:00:00.500",
            ["CacheSync:Entities:user_model:Strategy"] = "WriteThrough",
            ["CacheSync:Entities:user_model:CacheKey"] = $"{Prefix}:user_model:{{key}}",
            ["CacheSync:Entities:user_model:Ttl"] = "01:00:00",
            ["CacheSync:Entities:user_model:DependentKeys:0"] = $"{Prefix}:user:{{data.user_id}}:models",
            ["CacheSync:Entities:user_model:Required:0"] = "user_id",
            ["CacheSync:Entities:user_model:MaxPayloadBytes"] = "2048",
            ["CacheSync:Entities:audit_entry:Strategy"] = "WriteAround",
            ["CacheSync:Entities:audit_entry:CacheKey"] = $"{Prefix}:audit:{{key}}",

            // Harnesses run side by side: each worker's health endpoints get a port of their own.
            ["CacheSync:Health:Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        configure?.Invoke(_settings);
    }

    /// <summary>Prefix of every Redis key the harness's policies produce.</summary>
    public string Prefix { get; }

    public string Exchange { get; }

    public string Queue { get; }

    public string DeadLetterQueue { get; }

    public IHost? Host { get; private set; }

    /// <summary>The worker's health endpoints, <c>http://localhost:&lt;CacheSync:Health:Port&gt;</c> (append /health/live or /health/ready).</summary>
    public Uri HealthUrl => new($"http://localhost:{_settings["CacheSync:Health:Port"]}");

    /// <summary>A TCP port free at the moment of asking, on every interface (as the health endpoints listen by default).</summary>
    public static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        socket.Start();
        var port = ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }

    public IDatabase Redis => (_redis ??= ConnectionMultiplexer.Connect(_settings["CacheSync:Redis:Configuration"]!)).GetDatabase();

    public string SqlitePath => _settings["CacheSync:Sqlite:Path"]!;

    /// <summary>The worker's configuration, flat (<c>CacheSync:Entities:user_model:CacheKey</c>…), as the next start will use it.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>
    /// What the worker decided for each event it acked (Applied, Duplicate, Stale), in order, across every start of
    /// this harness: from the DeliveryHandler's own log. A test can count how often one event id was applied.
    /// </summary>
    public IReadOnlyList<(string EventId, string Outcome)> Outcomes => _outcomes.Snapshot();

    /// <summary>How many times the worker applied the event with this id (not counting duplicates or stale copies).</summary>
    public int TimesApplied(string eventId) => Outcomes.Count(o => o.EventId == eventId && o.Outcome == "Applied");

    /// <summary>
    /// Changes the settings between a <see cref="StopAsync"/> and the next <see cref="StartAsync"/> ("fix the policy"),
    /// keeping the same exchange, queues, store and Redis prefix.
    /// </summary>
    public void Reconfigure(Action<Dictionary<string, string?>> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Host is not null) throw new InvalidOperationException("Reconfigure between StopAsync and StartAsync: the running worker keeps its settings.");
        change(_settings);
    }

    public string UserModelKey(string key) => $"{Prefix}:user_model:{key}";

    public string UserListKey(string userId) => $"{Prefix}:user:{userId}:models";

    public string AuditKey(string key) => $"{Prefix}:audit:{key}";

    public static IHost BuildHost(IDictionary<string, string?> settings) => BuildHost(settings, null);

    private static IHost BuildHost(IDictionary<string, string?> settings, ILoggerProvider? outcomes)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = "Test",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCacheSyncWorker(builder.Configuration);
        if (outcomes is not null)
        {
            builder.Logging.AddProvider(outcomes);
            // The recorder is the host's only logging provider; it hears the DeliveryHandler alone.
            builder.Logging.AddFilter((category, level) => category == typeof(DeliveryHandler).FullName && level >= LogLevel.Debug);
        }

        return builder.Build();
    }

    /// <summary>Starts a worker and waits until its receive endpoint consumes (the queue and bindings exist).</summary>
    public async Task StartAsync()
    {
        var host = BuildHost(_settings, _outcomes);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        Host = host;
        var bus = Host.Services.GetRequiredService<IBusControl>();
        var health = await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        Assert.That(health, Is.EqualTo(BusHealthStatus.Healthy), "the worker's bus did not become healthy");
    }

    public async Task StopAsync()
    {
        if (Host is null) return;
        await Host.StopAsync(TimeSpan.FromSeconds(60));
        Host.Dispose();
        Host = null;
    }

    public Task PublishAsync(string json, string? routingKey = null, string? contentType = "application/json", IDictionary<string, object?>? headers = null, string? messageId = null) =>
        PublishAsync(Encoding.UTF8.GetBytes(json), routingKey ?? "user_model.upsert", contentType, headers, messageId);

    public Task PublishAsync(string json, string routingKey, string expiration, string userId) =>
        PublishAsync(Encoding.UTF8.GetBytes(json), routingKey, properties => { properties.Expiration = expiration; properties.UserId = userId; });

    public Task PublishAsync(byte[] body, string routingKey, string? contentType = "application/json", IDictionary<string, object?>? headers = null, string? messageId = null) =>
        PublishAsync(body, routingKey, properties =>
        {
            properties.ContentType = contentType;
            properties.MessageId = messageId;
            properties.Headers = headers;
        });

    private async Task PublishAsync(byte[] body, string routingKey, Action<BasicProperties> configure)
    {
        var channel = await PublisherAsync();
        var properties = new BasicProperties { ContentType = "application/json", Persistent = true };
        configure(properties);

        // mandatory: a message the exchange cannot route fails the test instead of vanishing.
        await channel.BasicPublishAsync(Exchange, routingKey, mandatory: true, properties, body);
    }

    /// <summary>Polls until the condition holds; fails the test after the time limit. A wait bound, not a timing assertion.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }

        Assert.Fail($"Timed out after {seconds} s waiting for: {what}");
    }

    public async Task<StoredRecord?> ReadStoreAsync(string table, string key)
    {
        using var store = new SqliteRecordStore(Options.Create(new SqliteStoreOptions { Path = SqlitePath }));
        return await store.ReadAsync(table, key, CancellationToken.None);
    }

    public async Task<Dictionary<string, string>> ReadCacheAsync(string key) =>
        (await Redis.HashGetAllAsync(key)).ToDictionary(f => f.Name.ToString(), f => f.Value.ToString());

    /// <summary>Takes every message out of the (test's own) DLQ.</summary>
    public async Task<List<DeadLetterMessage>> DrainDeadLettersAsync()
    {
        var channel = await PublisherAsync();
        var letters = new List<DeadLetterMessage>();
        while (await channel.BasicGetAsync(DeadLetterQueue, autoAck: true) is { } message)
        {
            letters.Add(new DeadLetterMessage(message.Body.ToArray(), message.BasicProperties));
        }

        return letters;
    }

    public async Task DeleteQueueAsync(string queue) => await (await PublisherAsync()).QueueDeleteAsync(queue);

    /// <summary>Declares a queue as an operator (or an older version) might have: a quorum queue with the given arguments.</summary>
    public async Task DeclareQuorumQueueAsync(string queue, IDictionary<string, object?>? arguments = null)
    {
        var all = new Dictionary<string, object?>(arguments ?? new Dictionary<string, object?>()) { ["x-queue-type"] = "quorum" };
        await (await PublisherAsync()).QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: all);
    }

    /// <summary>A passive declare on a throw-away channel: a missing queue closes the channel it is asked on.</summary>
    public async Task<bool> QueueExistsAsync(string queue)
    {
        await PublisherAsync();
        await using var probe = await _connection!.CreateChannelAsync();
        try
        {
            await probe.QueueDeclarePassiveAsync(queue);
            return true;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return false;
        }
    }

    /// <summary>Takes the first message of a queue and nacks it back, the given number of times.</summary>
    public async Task NackRequeueRepeatedlyAsync(string queue, int times)
    {
        await PublisherAsync();
        await using var channel = await _connection!.CreateChannelAsync();
        for (var i = 0; i < times; i++)
        {
            BasicGetResult? message = null;
            await EventuallyAsync(async () => (message = await channel.BasicGetAsync(queue, autoAck: false)) is not null, "a message to nack");
            await channel.BasicNackAsync(message!.DeliveryTag, multiple: false, requeue: true);
        }
    }

    public async Task<uint> ReadyMessagesAsync(string queue)
    {
        var channel = await PublisherAsync();
        return await channel.MessageCountAsync(queue);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        var channel = await PublisherAsync();
        await channel.QueueDeleteAsync(Queue);
        await channel.QueueDeleteAsync(DeadLetterQueue);
        await channel.ExchangeDeleteAsync(Exchange);
        await channel.ExchangeDeleteAsync(Queue);
        await DeleteRedisKeysAsync();

        if (_publisher is not null) await _publisher.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS temp cleaner.
        }
    }

    /// <summary>Deletes every key this harness's policies produced (entries, tombstones, idempotency records).</summary>
    private async Task DeleteRedisKeysAsync()
    {
        try
        {
            _ = Redis; // connects if the test never did
            var server = _redis!.GetServers()[0];
            await foreach (var key in server.KeysAsync(pattern: $"*{Prefix}*", pageSize: 1000))
            {
                await _redis.GetDatabase().KeyDeleteAsync(key);
            }
        }
        catch (RedisConnectionException)
        {
            // The test's own Redis is gone (an outage test): nothing of ours is left in the shared one.
        }
        finally
        {
            if (_redis is not null) await _redis.DisposeAsync();
        }
    }

    private async Task<IChannel> PublisherAsync()
    {
        if (_publisher is not null) return _publisher;
        var factory = new ConnectionFactory { Uri = new Uri(TestEnvironment.RabbitMqUri), ClientProvidedName = "cachesync-tests" };
        _connection = await factory.CreateConnectionAsync();
        _publisher = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await _publisher.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true);
        return _publisher;
    }

    /// <summary>Records the DeliveryHandler's "Event {EventId} (…): {Outcome}" lines as (id, outcome) pairs.</summary>
    private sealed class OutcomeRecorder : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string EventId, string Outcome)> _outcomes = new();

        public List<(string EventId, string Outcome)> Snapshot() => [.. _outcomes];

        public ILogger CreateLogger(string categoryName) => new Recorder(this);

        public void Dispose()
        {
        }

        private sealed class Recorder(OutcomeRecorder owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (state is not IReadOnlyList<KeyValuePair<string, object?>> values) return;
                var id = values.FirstOrDefault(v => v.Key == "EventId").Value;
                var outcome = values.FirstOrDefault(v => v.Key == "Outcome").Value;
                if (id is not null && outcome is not null) owner._outcomes.Enqueue((id.ToString()!, outcome.ToString()!));
            }
        }
    }
}
