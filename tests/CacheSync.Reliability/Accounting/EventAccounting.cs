using StackExchange.Redis;

namespace CacheSync.Reliability.Accounting;

/// <summary>
/// The end-of-scenario accounting, written once for every fault: for each published event, where it went; for each
/// key, what the store and Redis hold; for the queues, what is left. It looks only where the worker writes (its own
/// settings say where) and through plain clients, never through the worker's code.
/// </summary>
/// <remarks>
/// The rules it checks, from the README ("Consistency rules", "Cache entry format", "Store format"):
/// <list type="bullet">
/// <item>each key's store row and Redis entry hold its highest published version: the value (write-through), an
/// <c>invalidated</c> tombstone (write-around) or a <c>deleted</c> tombstone (a delete), at that version;</item>
/// <item>every event id was seen by a worker (its idempotency record <c>&lt;prefix&gt;{&lt;cache key&gt;}:&lt;id&gt;</c>
/// exists: written after an applied or stale write, found by a duplicate) or is in the DLQ, never neither;</item>
/// <item>the DLQ holds exactly the expected dead letters, with the expected reason;</item>
/// <item>the work queue is empty;</item>
/// <item>no write took effect twice and none took effect after a newer one (<see cref="StoreEffectLog"/>);</item>
/// <item>when the workers' decisions are known: each event decided (applied or stale) once and its other copies
/// found to be duplicates (see <see cref="WorkerDecisions.ReplicasMayRace"/> for the one exception).</item>
/// </list>
/// </remarks>
public sealed class EventAccounting : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    // Every id seen and nothing ready does not yet mean every copy was acked: a duplicate copy can still sit in a
    // worker's prefetch, unacked. The worker is otherwise idle then and takes it within milliseconds, so the settled
    // state must hold for this long before it counts.
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyDictionary<string, EntityLayout> _layouts;
    private readonly string _sqlitePath;
    private readonly string _queue;
    private readonly string _deadLetterQueue;
    private readonly string _redisConfiguration;
    private readonly string _idempotencyPrefix;
    private ConnectionMultiplexer? _redis;

    public EventAccounting(IReadOnlyDictionary<string, string?> workerSettings)
    {
        ArgumentNullException.ThrowIfNull(workerSettings);
        _layouts = EntityLayout.From(workerSettings);
        _sqlitePath = workerSettings["CacheSync:Sqlite:Path"]!;
        _queue = workerSettings["CacheSync:RabbitMq:Queue"]!;
        _deadLetterQueue = workerSettings["CacheSync:RabbitMq:DeadLetterQueue"]!;
        _redisConfiguration = workerSettings["CacheSync:Redis:Configuration"]!;
        _idempotencyPrefix = workerSettings.GetValueOrDefault("CacheSync:Redis:IdempotencyKeyPrefix") ?? "cachesync:applied:";
        Queues = new BrokerQueues(new Uri(workerSettings["CacheSync:RabbitMq:Uri"]!));
    }

    public BrokerQueues Queues { get; }

    public string SqlitePath => _sqlitePath;

    public IEnumerable<string> Tables => _layouts.Values.Select(l => l.Table).Distinct(StringComparer.Ordinal);

    public Task<uint> WorkQueueReadyAsync(CancellationToken cancellationToken) => Queues.ReadyAsync(_queue, cancellationToken);

    public Task<uint> DeadLetterQueueReadyAsync(CancellationToken cancellationToken) => Queues.ReadyAsync(_deadLetterQueue, cancellationToken);

    /// <summary>The idempotency record the worker leaves for an event it applied or found stale (README, "Cache entry format").</summary>
    public string IdempotencyKey(ScenarioEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return $"{_idempotencyPrefix}{{{_layouts[e.Entity].CacheKey(e.Key)}}}:{e.Id}";
    }

    /// <summary>The events a worker has seen so far: those with an idempotency record.</summary>
    public async Task<HashSet<string>> SeenAsync(IEnumerable<ScenarioEvent> events)
    {
        var database = await RedisAsync();
        var list = events.ToList();
        var exists = await Task.WhenAll(list.Select(e => database.KeyExistsAsync(IdempotencyKey(e))));
        return list.Where((_, i) => exists[i]).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Waits until workers have seen at least this many of the events (to land a fault mid-stream); returns how many.</summary>
    public async Task<int> WaitUntilSeenAsync(IReadOnlyCollection<ScenarioEvent> events, int atLeast, TimeSpan within, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var deadline = DateTime.UtcNow + within;
        int seen;
        while ((seen = (await SeenAsync(events)).Count) < atLeast)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"only {seen} of {events.Count} events seen after {within}, waiting for {atLeast}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        return seen;
    }

    /// <summary>
    /// Waits until every event is accounted for: each one not expected in the DLQ seen by a worker, the DLQ as deep as
    /// expected, the work queue empty. Fails the test with the audit's findings if that does not happen in time.
    /// </summary>
    public async Task WaitUntilSettledAsync(EventLedger ledger, ExpectedDeadLetters deadLetters, TimeSpan within, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(deadLetters);
        var deadline = DateTime.UtcNow + within;
        var awaited = ledger.Events.Where(e => !deadLetters.Contains(e.Id)).ToList();
        DateTime? settledSince = null;
        string state;
        do
        {
            var seen = await SeenAsync(awaited);
            var dlq = await DeadLetterQueueReadyAsync(cancellationToken);
            var ready = await WorkQueueReadyAsync(cancellationToken);
            state = $"{awaited.Count - seen.Count} of {awaited.Count} events not seen yet (e.g. {string.Join(", ", awaited.Where(e => !seen.Contains(e.Id)).Take(3))}), " +
                    $"{dlq} dead letters of {deadLetters.TotalCopies} expected, {ready} ready in the work queue";
            if (dlq > deadLetters.TotalCopies) break; // more dead letters than expected: waiting cannot help
            if (seen.Count == awaited.Count && dlq == deadLetters.TotalCopies && ready == 0)
            {
                settledSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - settledSince >= QuietPeriod) return;
            }
            else
            {
                settledSince = null;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        var report = await AuditAsync(ledger, deadLetters, decisions: null, cancellationToken);
        Assert.Fail($"not settled after {within}: {state}\n{report}");
    }

    public async Task<AccountingReport> AuditAsync(EventLedger ledger, ExpectedDeadLetters deadLetters, WorkerDecisions? decisions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(deadLetters);
        var report = new AccountingReport();
        var byId = ledger.Events.ToDictionary(e => e.Id, StringComparer.Ordinal);
        report.Fact($"{ledger.TotalCopies} copies of {ledger.Events.Count} events confirmed by the broker, over {ledger.Events.Select(e => (e.Entity, e.Key)).Distinct().Count()} keys");

        await AuditRecordsAsync(ledger, deadLetters, report);
        var deadLettered = await AuditDeadLettersAsync(byId, deadLetters, report, cancellationToken);
        await AuditSeenAsync(ledger, deadLettered, report);
        AuditStoreEffects(ledger, report);
        if (decisions is not null) AuditDecisions(ledger, deadLetters, decisions, report);

        // Read twice: a message a stopping worker gave back may reach a quorum queue's count a moment late.
        var ready = await WorkQueueReadyAsync(cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        ready = Math.Max(ready, await WorkQueueReadyAsync(cancellationToken));
        if (ready != 0) report.Problem("left in the work queue", $"{ready} messages ready in {_queue} (or held unacked by a worker when it stopped)");
        return report;
    }

    /// <summary>Each key's store row and cache entry against its highest version among the events not expected in the DLQ.</summary>
    private async Task AuditRecordsAsync(EventLedger ledger, ExpectedDeadLetters deadLetters, AccountingReport report)
    {
        var database = await RedisAsync();
        var keys = ledger.Events.GroupBy(e => (e.Entity, e.Key)).ToList();
        foreach (var entity in keys.GroupBy(k => k.Key.Entity))
        {
            var layout = _layouts[entity.Key];
            var rows = RecordTables.ReadAll(_sqlitePath, layout.Table);
            var entries = await Task.WhenAll(entity.Select(k => database.HashGetAllAsync(layout.CacheKey(k.Key.Key))));
            var index = 0;
            foreach (var key in entity)
            {
                var cached = entries[index++].ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
                var newest = key.Where(e => !deadLetters.Contains(e.Id)).MaxBy(e => e.Version);
                var what = $"{entity.Key}/{key.Key.Key}";
                rows.Remove(key.Key.Key, out var row);
                if (newest is null)
                {
                    if (row != default) report.Problem("store holds an unexpected row", $"{what}: v{row.Version}, but every event of the key is dead-lettered");
                    continue;
                }

                var expected = newest.IsDelete ? "deleted" : "live";
                if (row == default) report.Problem("store is missing a record", $"{what}: no row; expected v{newest.Version} {expected} from {newest.Id}");
                else if (row.Version != newest.Version || row.Deleted != newest.IsDelete || row.Data != newest.DataJson)
                {
                    report.Problem("store is not at the newest version", $"{what}: v{row.Version} {(row.Deleted ? "deleted" : "live")} {row.Data}; expected v{newest.Version} {expected} {newest.DataJson} ({newest.Id})");
                }

                var state = newest.IsDelete ? "deleted" : layout.WriteThrough ? "live" : "invalidated";
                var cacheOk = cached.GetValueOrDefault("version") == newest.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)
                              && cached.GetValueOrDefault("state") == state
                              && (state != "live" || cached.GetValueOrDefault("data") == newest.DataJson);
                if (!cacheOk)
                {
                    report.Problem("Redis is not at the newest version", $"{layout.CacheKey(key.Key.Key)}: " +
                        (cached.Count == 0 ? "no entry" : string.Join(" ", cached.Select(f => $"{f.Key}={f.Value}"))) +
                        $"; expected version={newest.Version} state={state}{(state == "live" ? $" data={newest.DataJson}" : "")} ({newest.Id})");
                }
            }

            foreach (var (key, row) in rows) report.Problem("store holds an unexpected row", $"{entity.Key}/{key}: v{row.Version}, no event was published for it");
        }
    }

    /// <summary>The DLQ, browsed (left as it is), against the expected dead letters; returns the event ids found there.</summary>
    private async Task<HashSet<string>> AuditDeadLettersAsync(Dictionary<string, ScenarioEvent> byId, ExpectedDeadLetters expected, AccountingReport report, CancellationToken cancellationToken)
    {
        var letters = await Queues.BrowseAsync(_deadLetterQueue, cancellationToken);
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var letter in letters)
        {
            var id = EventIdOf(letter);
            if (id is null || !byId.ContainsKey(id))
            {
                report.Problem("unexpected dead letter", $"not a published event: {letter.Reason} {Truncate(letter.BodyText)}");
                continue;
            }

            found[id] = found.GetValueOrDefault(id) + 1;
            if (!expected.Contains(id)) report.Problem("unexpected dead letter", $"{byId[id]}: {letter.Reason}: {letter.Header(CacheSync.Contracts.DeadLetterHeaders.Detail)}");
            else if (letter.Reason != expected.Reason) report.Problem("dead letter with the wrong reason", $"{byId[id]}: {letter.Reason}, expected {expected.Reason}");
        }

        foreach (var (id, copies) in expected.CopiesById)
        {
            if (found.GetValueOrDefault(id) != copies) report.Problem("expected dead letter missing", $"{id}: {found.GetValueOrDefault(id)} copies in the DLQ, expected {copies}");
        }

        report.Fact($"DLQ: {letters.Count} dead letters ({string.Join(", ", letters.GroupBy(l => l.Reason).Select(g => $"{g.Key} {g.Count()}"))}), {expected.TotalCopies} expected");
        return found.Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every event seen by a worker or in the DLQ; one in the DLQ must not have been applied as well.</summary>
    private async Task AuditSeenAsync(EventLedger ledger, HashSet<string> deadLettered, AccountingReport report)
    {
        var seen = await SeenAsync(ledger.Events);
        foreach (var e in ledger.Events)
        {
            if (!seen.Contains(e.Id) && !deadLettered.Contains(e.Id)) report.Problem("event lost", $"{e}: neither seen by a worker nor in the DLQ");
            if (seen.Contains(e.Id) && deadLettered.Contains(e.Id)) report.Problem("event both applied and dead-lettered", $"{e}");
        }

        report.Fact($"seen by a worker (idempotency record): {seen.Count}; in the DLQ: {deadLettered.Count}");
    }

    /// <summary>Each store write that took effect was published, took effect once, and was newer than the one before it.</summary>
    private void AuditStoreEffects(EventLedger ledger, AccountingReport report)
    {
        var tableOf = _layouts.Values.ToDictionary(l => l.Entity, l => l.Table, StringComparer.Ordinal);
        var published = ledger.Events.ToDictionary(e => (tableOf[e.Entity], e.Key, e.Version));
        var effects = StoreEffectLog.Read(_sqlitePath);
        var lastVersion = new Dictionary<(string, string), long>();
        var applied = new HashSet<(string, string, long)>();
        foreach (var effect in effects)
        {
            var row = (effect.Table, effect.Key, effect.Version);
            if (!published.TryGetValue(row, out var e)) report.Problem("store write nobody published", $"{effect}");
            else if (e.IsDelete != effect.Deleted) report.Problem("store write of the wrong kind", $"{effect} for {e}");
            if (!applied.Add(row)) report.Problem("event applied twice", $"{effect.Table}/{effect.Key} v{effect.Version} written to the store again at #{effect.Sequence}");
            if (lastVersion.TryGetValue((effect.Table, effect.Key), out var last) && last >= effect.Version)
            {
                report.Problem("older version written over a newer one", $"{effect.Table}/{effect.Key}: v{effect.Version} after v{last} (#{effect.Sequence})");
            }

            lastVersion[(effect.Table, effect.Key)] = effect.Version;
        }

        report.Fact($"store writes that took effect: {effects.Count} (the rest were fenced as stale or already current)");
    }

    private static void AuditDecisions(EventLedger ledger, ExpectedDeadLetters deadLetters, WorkerDecisions decisions, AccountingReport report)
    {
        var perWorker = decisions.Logs
            .Select(log => log.GroupBy(o => o.EventId).ToDictionary(g => g.Key, g => g.Select(o => o.Outcome).ToList(), StringComparer.Ordinal))
            .ToList();
        var replicaRaces = 0;
        foreach (var e in ledger.Events)
        {
            var made = perWorker.Select(w => w.GetValueOrDefault(e.Id) ?? []).ToList();
            var all = string.Join("; ", made.Select((m, i) => $"worker {i + 1}: {(m.Count == 0 ? "-" : string.Join(", ", m))}"));

            // A copy decided after another was decided (applied or stale) means the idempotency record did not stop
            // it: always a failure within one worker, and across workers unless they are replicas running side by side.
            var decidedBy = made.Select(m => m.Count(o => o != WorkerDecisions.Duplicate)).ToList();
            if (decidedBy.Any(n => n > 1)) report.Problem("event decided more than once by one worker", $"{e}: {all}");
            else if (decidedBy.Sum() > 1 && decisions.ReplicasMayRace) replicaRaces++;
            else if (decidedBy.Sum() > 1) report.Problem("event decided more than once", $"{e}: {all}");
            else if (decidedBy.Sum() == 0 && decisions.Complete && !deadLetters.Contains(e.Id)) report.Problem("event never decided", $"{e}: {all}");
        }

        report.Fact($"worker decisions{(decisions.Complete ? "" : " (logs of killed workers may be cut short)")}: " +
                    $"{decisions.Count(WorkerDecisions.Applied)} applied, {decisions.Count(WorkerDecisions.Stale)} stale, {decisions.Count(WorkerDecisions.Duplicate)} duplicate" +
                    (decisions.ReplicasMayRace ? $"; {replicaRaces} events decided by both replicas at once (allowed: a check, not a lock; the store took each write once)" : ""));
    }

    /// <summary>The id of the event a dead letter carries (its body is the original message), or null if it has none.</summary>
    public static string? EventIdOf(DeadLetterMessage letter)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(letter.Body);
            return document.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => text.Length <= 120 ? text : text[..120] + "…";

    private async Task<IDatabase> RedisAsync()
    {
        // abortConnect=false: the accounting may be created while a scenario's Redis is down; it reconnects by itself.
        _redis ??= await ConnectionMultiplexer.ConnectAsync($"{_redisConfiguration},abortConnect=false");
        return _redis.GetDatabase();
    }

    public async ValueTask DisposeAsync()
    {
        await Queues.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
    }
}
