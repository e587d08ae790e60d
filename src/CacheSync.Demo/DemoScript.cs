using System.Text;

namespace CacheSync.Demo;

/// <summary>
/// The stream of events the demo publishes, each with what the worker should make of it. Keys carry a run id,
/// so every run starts from a clean slate without deleting anything.
/// </summary>
internal sealed class DemoScript
{
    public DemoScript(string runId)
    {
        RunId = runId;
        UserId = $"u-{runId}";
        var ada = $"{runId}-ada";
        var bob = $"{runId}-bob";
        var audit = $"{runId}-login";
        Steps =
        [
            Step("1", $$$"""{"id":"{{{runId}}}-e1","entity":"user_model","key":"{{{ada}}}","op":"upsert","version":1,"occurredAt":"{{{Now}}}","data":{"user_id":"{{{UserId}}}","name":"Ada","plan":"free"}}""",
                "user_model.upsert", "write-through upsert v1 → store and cache hold v1"),
            Step("2", $$$"""{"id":"{{{runId}}}-e1","entity":"user_model","key":"{{{ada}}}","op":"upsert","version":1,"data":{"user_id":"{{{UserId}}}","name":"Ada","plan":"free"}}""",
                "user_model.upsert", "the same event again (same id) → skipped as a duplicate"),
            Step("3", $$$"""{"id":"{{{runId}}}-e3","entity":"user_model","key":"{{{ada}}}","op":"upsert","version":3,"data":{"user_id":"{{{UserId}}}","name":"Ada","plan":"pro"}}""",
                "user_model.upsert", "upsert v3 → newest value; invalidates dependent key user:{user_id}:models"),
            Step("4", $$$"""{"id":"{{{runId}}}-e2","entity":"user_model","key":"{{{ada}}}","op":"upsert","version":2,"data":{"user_id":"{{{UserId}}}","name":"Ada","plan":"trial"}}""",
                "user_model.upsert", "upsert v2 arrives late → stale, refused by both fences"),
            Step("5", $$$"""{"id":"{{{runId}}}-e4","entity":"user_model","key":"{{{bob}}}","op":"upsert","version":10,"data":{"user_id":"{{{UserId}}}","name":"Bob","plan":"free"}}""",
                "user_model.upsert", "another record"),
            Step("6", $$$"""{"id":"{{{runId}}}-e5","entity":"user_model","key":"{{{bob}}}","op":"delete","version":11}""",
                "user_model.delete", "delete v11 → store tombstone, cache tombstone"),
            Step("7", $$$"""{"id":"{{{runId}}}-e6","entity":"audit_entry","key":"{{{audit}}}","op":"upsert","version":1,"data":{"who":"ada","what":"login"}}""",
                "audit_entry.upsert", "write-around upsert → store holds it, cache holds an 'invalidated' tombstone"),
            Step("8", $$$"""{"id":"{{{runId}}}-bad","entity":"user_model","key":"{{{ada}}}","op":"upsert","version":""",
                "user_model.upsert", "malformed JSON → DLQ (bad-json)"),
            Step("9", $$$"""{"id":"{{{runId}}}-e7","entity":"invoice","key":"1","op":"upsert","version":1,"data":{}}""",
                "invoice.upsert", "an entity with no policy → DLQ (unknown-entity)"),
            Step("10", $$$"""{"id":"{{{runId}}}-e8","entity":"user_model","key":"{{{runId}}}-eve","op":"upsert","version":1,"data":{"name":"Eve"}}""",
                "user_model.upsert", "data without the required user_id → DLQ (validation-failed)"),
        ];
        UserModelKeys = [ada, bob];
        AuditKeys = [audit];
    }

    public string RunId { get; }

    public string UserId { get; }

    public IReadOnlyList<DemoStep> Steps { get; }

    public IReadOnlyList<string> UserModelKeys { get; }

    public IReadOnlyList<string> AuditKeys { get; }

    /// <summary>Event ids the DLQ must end up holding.</summary>
    public IReadOnlyList<string> ExpectedDeadLetters => [$"{RunId}-bad", $"{RunId}-e7", $"{RunId}-e8"];

    private static string Now => DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static DemoStep Step(string number, string json, string routingKey, string expectation) =>
        new(number, Encoding.UTF8.GetBytes(json), routingKey, expectation);
}

internal sealed record DemoStep(string Number, byte[] Body, string RoutingKey, string Expectation);
