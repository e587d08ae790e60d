using System.Globalization;
using System.Text;
using CacheSync.Contracts;
using CacheSync.Demo;
using Microsoft.Data.Sqlite;
using RabbitMQ.Client;
using StackExchange.Redis;

// The README's demonstration: publish a scripted stream of raw JSON events (as any producer would, with a bare
// AMQP client), wait for the worker, and show what ended up in Redis, in the store and in the DLQ.
var settings = DemoSettings.FromEnvironment();
var script = new DemoScript(DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..4]);
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
var ct = timeout.Token;

var factory = new ConnectionFactory { Uri = new Uri(settings.RabbitMqUri), ClientProvidedName = "cachesync-demo" };
await using var connection = await factory.CreateConnectionAsync(ct);
await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), ct);
await channel.ExchangeDeclareAsync(settings.Exchange, ExchangeType.Topic, durable: true, cancellationToken: ct);
using var redis = await ConnectionMultiplexer.ConnectAsync(settings.Redis);
var db = redis.GetDatabase();

// A reader has cached this user's list of models; the worker must invalidate it when one of them changes.
var listKey = $"user:{script.UserId}:models";
await db.HashSetAsync(listKey, [new("version", 1), new("state", "live"), new("data", "[\"(the user's models, as a reader cached them)\"]")]);

Console.WriteLine($"CacheSync demo, run {script.RunId}: publishing {script.Steps.Count} events to '{settings.Exchange}'");
foreach (var step in script.Steps)
{
    var properties = new BasicProperties { ContentType = "application/json", Persistent = true, MessageId = $"{script.RunId}-{step.Number}" };
    await channel.BasicPublishAsync(settings.Exchange, step.RoutingKey, mandatory: true, properties, step.Body, ct);
    Console.WriteLine($"  #{step.Number,-2} {step.RoutingKey,-19} {step.Expectation}");
}

Console.WriteLine("Waiting for the worker…");
var report = new DemoReport(settings, script, db);
bool done;
using (var settling = CancellationTokenSource.CreateLinkedTokenSource(ct))
{
    settling.CancelAfter(TimeSpan.FromSeconds(45));
    done = await report.WaitUntilSettledAsync(connection, settling.Token);
}

Console.WriteLine();
await report.PrintAsync(connection, listKey, ct);
Console.WriteLine();
if (!done)
{
    Console.WriteLine("FAILED: the worker did not reach the expected state within the time limit (is it running? see its log).");
    return 1;
}

Console.WriteLine("OK: every event ended up where the rules say: applied once, newest version kept, or in the DLQ with its reason.");
return 0;
