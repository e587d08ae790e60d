using System.Text;
using CacheSync.Core.Processing;
using RabbitMQ.Client;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// What the end-to-end hostile mix found about content types, kept as plain examples on the real worker. MassTransit
/// hands a content type it has no deserializer for to the default one, and reports one it cannot parse as none, so
/// a valid event sent as text/plain (or as "text/plain;;;") was applied, against README's unsupported-content-type.
/// </summary>
[Category("Reliability")]
[NonParallelizable]
public sealed class ContentTypeFoundCasesTests
{
    private static readonly string[] Refused = ["text/plain", "application/xml", "text/json", "application/vnd.masstransit+json", "garbage!!", "text/plain;;;", "a/b/c"];
    private static readonly string?[] Json = [null, "", " ", "application/json", "Application/JSON", "application/json; charset=utf-8", "application/json; charset"];

    [Test]
    public async Task A_valid_event_is_applied_only_under_a_JSON_content_type()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();
        await using var publisher = await BarePublisher.ConnectAsync(worker.Exchange);
        var messages = Refused.Concat(Json).Select((contentType, i) =>
        {
            var body = Encoding.UTF8.GetBytes(Events.UserModel($"ct-{i}", $"ct-{i}", 1, "u"));
            var properties = new BasicProperties { ContentType = contentType, Persistent = true, Headers = new Dictionary<string, object?> { [OutboundMessage.NumberHeader] = i } };
            var refused = i < Refused.Length;
            var expected = HostileCase.Expect(refused ? ProcessingReasons.UnsupportedContentType : MixCase.Applied);
            return new OutboundMessage(i, new MixCase("content type", $"'{contentType}'", body, expected, refused ? null : new ExpectedWrite($"ct-{i}", "user_model", $"ct-{i}", 1, Contracts.EventOperation.Upsert, null)), "user_model.upsert", properties, expected);
        }).ToList();
        var ledger = new DeadLetterLedger(messages, DateTimeOffset.UtcNow.AddMinutes(-1));

        await publisher.PublishAsync(messages);

        var letters = new List<DeadLetterMessage>();
        var settled = await Settle.WithinAsync(TimeSpan.FromSeconds(30), async () =>
        {
            letters.AddRange(await worker.DrainDeadLettersAsync());
            return letters.Count >= Refused.Length && Json.Select((_, j) => $"ct-{Refused.Length + j}").All(id => worker.TimesApplied(id) == 1);
        });
        var problems = ledger.Problems(letters);
        problems.AddRange(Refused.Select((contentType, i) => (contentType, i)).Where(r => worker.TimesApplied($"ct-{r.i}") > 0).Select(r => $"applied under content type '{r.contentType}'"));
        Assert.That(problems, Is.Empty, $"settled: {settled}\n{string.Join("\n", problems)}");
    }
}
