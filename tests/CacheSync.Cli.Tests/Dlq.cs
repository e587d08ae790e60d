using System.Globalization;
using System.Text;
using System.Text.Json;
using CacheSync.Contracts;
using RabbitMQ.Client;

namespace CacheSync.Cli.Tests;

/// <summary>Sets up and reads a harness's DLQ with a bare RabbitMQ client, independently of the CLI under test.</summary>
internal static class Dlq
{
    /// <summary>Waits until the DLQ holds exactly this many ready messages.</summary>
    public static Task WaitForDepthAsync(WorkerHarness harness, int depth, int seconds = 30) =>
        WorkerHarness.EventuallyAsync(async () => await harness.ReadyMessagesAsync(harness.DeadLetterQueue) == depth, $"{depth} messages ready in the DLQ", seconds);

    /// <summary>Waits until the work queue is empty (ready; unacked ones are the worker's).</summary>
    public static Task WaitForEmptyWorkQueueAsync(WorkerHarness harness) =>
        WorkerHarness.EventuallyAsync(async () => await harness.ReadyMessagesAsync(harness.Queue) == 0, "the work queue drained");

    /// <summary>
    /// Every message of the DLQ, described (message id, body, properties, headers), sorted; the DLQ is left as it
    /// was: each is fetched unacknowledged and returned when the channel closes. Waits for the expected depth first.
    /// </summary>
    public static async Task<List<string>> SnapshotAsync(WorkerHarness harness, int expected)
    {
        await WaitForDepthAsync(harness, expected);
        var factory = new ConnectionFactory { Uri = new Uri(TestEnvironment.RabbitMqUri), ClientProvidedName = "cachesync-cli-tests-snapshot" };
        await using var connection = await factory.CreateConnectionAsync();
        var seen = new List<string>();
        await using (var channel = await connection.CreateChannelAsync())
        {
            for (var i = 0; i < expected; i++)
            {
                var message = await channel.BasicGetAsync(harness.DeadLetterQueue, autoAck: false);
                Assert.That(message, Is.Not.Null, "the DLQ emptied while being read");
                seen.Add(Describe(message!.Body.ToArray(), message.BasicProperties));
            }

            await channel.CloseAsync();
        }

        await connection.CloseAsync();
        seen.Sort(StringComparer.Ordinal);
        await WaitForDepthAsync(harness, expected);
        return seen;
    }

    public static string Describe(byte[] body, IReadOnlyBasicProperties properties)
    {
        var headers = (properties.Headers ?? new Dictionary<string, object?>())
            .Where(h => h.Key != "x-delivery-count") // the broker's count of deliveries, not the message
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key}={Text(h.Value)}");
        return $"{properties.MessageId}|{properties.ContentType}|{properties.Persistent}|{Encoding.UTF8.GetString(body)}|{string.Join(";", headers)}";
    }

    public static string? Text(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A user_model upsert without <c>user_id</c> (validation-failed under the harness's policy).</summary>
    public static string UserWithoutUserId(string id, string key, long version) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id, ["entity"] = "user_model", ["key"] = key, ["op"] = "upsert", ["version"] = version,
            ["data"] = new Dictionary<string, object> { ["plan"] = "no-user" },
        });

    /// <summary>An upsert of an entity no policy names (unknown-entity).</summary>
    public static string Invoice(string id, string key, long version) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id, ["entity"] = "invoice", ["key"] = key, ["op"] = "upsert", ["version"] = version,
            ["data"] = new Dictionary<string, object> { ["total"] = 42 },
        });

    public static string ReasonOf(DeadLetterMessage letter) => letter.Header(DeadLetterHeaders.Reason) ?? "";
}
