using System.Globalization;

namespace CacheSync.Reliability.Accounting;

/// <summary>
/// A scenario's stream: distinct events over a few keys with random versions (rising per key by random steps, so
/// the newest write of a key is never a tie), deliberate duplicates (the same id and body published twice) and a
/// publish order that often puts an older version of a key after a newer one (reordering).
/// </summary>
public sealed class EventScript
{
    public const string WriteThroughEntity = "user_model";
    public const string WriteAroundEntity = "audit_entry";

    private EventScript(ScriptShape shape, IReadOnlyList<ScenarioEvent> events, IReadOnlyList<ScenarioEvent> publishOrder)
    {
        Shape = shape;
        Events = events;
        PublishOrder = publishOrder;
    }

    public ScriptShape Shape { get; }

    /// <summary>Each event once, in the order they were drawn.</summary>
    public IReadOnlyList<ScenarioEvent> Events { get; }

    /// <summary>Every copy to publish, duplicates included, in publish order.</summary>
    public IReadOnlyList<ScenarioEvent> PublishOrder { get; }

    /// <summary>Ids published more than once.</summary>
    public IReadOnlySet<string> DuplicatedIds => PublishOrder.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();

    public static EventScript Generate(ScriptShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
#pragma warning disable CA5394 // A seeded, replayable stream is the point; nothing here is security-relevant.
        var random = new Random(shape.Seed);

        // Each key's versions rise by random steps from a random start: some keys short (a few digits), most past
        // 2^53, where a double would confuse neighbours, so the string comparison of the Redis fences is exercised.
        var nextVersion = Enumerable.Range(0, shape.Keys)
            .Select(_ => random.NextDouble() < 0.3 ? random.NextInt64(1, 1_000) : random.NextInt64(1L << 53, 1L << 62))
            .ToArray();
        var events = new List<ScenarioEvent>(shape.Events);
        for (var n = 0; n < shape.Events; n++)
        {
            var keyIndex = random.Next(shape.Keys);
            var version = nextVersion[keyIndex];
            nextVersion[keyIndex] += random.NextInt64(1, 1_000_000);
            var entity = keyIndex % 4 == 3 ? WriteAroundEntity : WriteThroughEntity;
            var isDelete = random.NextDouble() < shape.DeleteFraction;
            var id = string.Create(CultureInfo.InvariantCulture, $"s{shape.Seed}-e{n:D5}");
            var text = version.ToString(CultureInfo.InvariantCulture);
            string? data = isDelete ? null
                : entity == WriteThroughEntity
                    ? $$"""{"user_id":"u{{random.Next(5)}}","plan":"plan-{{n}}","v":"{{text}}"}"""
                    : $$"""{"what":"what-{{n}}","v":"{{text}}"}""";
            events.Add(new ScenarioEvent(id, entity, $"k{keyIndex:D2}", version, isDelete, data));
        }

        // Reordering: each event is published up to three key-rounds late (so it often overtakes or is overtaken by
        // the next write of its own key), and a few are moved anywhere in the stream.
        var displacement = 3.0 * shape.Keys;
        var order = events
            .Select((e, n) => (Event: e, At: random.NextDouble() < shape.FarMoveFraction ? random.NextDouble() * events.Count : n + (random.NextDouble() * displacement)))
            .OrderBy(p => p.At)
            .Select(p => p.Event)
            .ToList();

        foreach (var e in events.Where(_ => random.NextDouble() < shape.DuplicateFraction).ToList())
        {
            var first = order.IndexOf(e);
            var at = random.NextDouble() < shape.AdjacentDuplicateFraction ? first + 1 : random.Next(first + 1, order.Count + 1);
            order.Insert(at, e);
        }
#pragma warning restore CA5394

        return new EventScript(shape, events, order);
    }

    public override string ToString() =>
        $"seed {Shape.Seed}: {Events.Count} events over {Events.Select(e => (e.Entity, e.Key)).Distinct().Count()} keys, " +
        $"{PublishOrder.Count - Events.Count} duplicate copies, {Events.Count(e => e.IsDelete)} deletes";
}
