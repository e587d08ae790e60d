using System.Globalization;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// The real worker host (MassTransit endpoint, rules, RabbitMQ, Redis, SQLite) fed a seeded interleaving of hostile
/// and valid messages in odd envelopes: every hostile message lands in the DLQ exactly once, from the worker, with a
/// reason it may have and its body byte for byte; every valid event is applied; the work queue empties; and the
/// worker is still consuming afterwards.
/// </summary>
[Category("Reliability")]
[NonParallelizable]
public sealed class EndToEndHostileMixTests
{
    private const int Seed = 20_260_920;
    private const int MaxMessageBytes = 256 * 1024;

    [Test]
    public async Task Hostile_messages_land_in_the_DLQ_once_with_their_reason_and_valid_events_are_applied()
    {
        var since = DateTimeOffset.UtcNow;
        await using var worker = new WorkerHarness(s => s["CacheSync:MaxMessageBytes"] = MaxMessageBytes.ToString(CultureInfo.InvariantCulture));
        await worker.StartAsync();
        var events = new PolicyEvents(Seed, worker.Prefix);
        var traffic = new HostileTraffic(Seed, MaxMessageBytes);
        var hostile = HostileMix.ContractHostile(Seed, 200, MaxMessageBytes)
            .Concat(Enumerable.Range(0, 60).Select(events.Hostile))
            .Concat(HostileMix.Mutated(events, Seed, 60))
            .Concat(HostileTraffic.Specials(MaxMessageBytes));
        var skipped = hostile.Count(h => !traffic.AddHostile(h));
        var valid = Enumerable.Range(0, 100).Select(events.Valid).ToList();
        valid.ForEach(traffic.AddValid);
        var foreign = Enumerable.Range(valid.Count, 20).Select(events.Valid).ToList();
        foreign.ForEach(traffic.AddValidInForeignEnvelope);
        var messages = traffic.Shuffled();
        var ledger = new DeadLetterLedger(messages, since);

        await using (var publisher = await BarePublisher.ConnectAsync(worker.Exchange))
        {
            await publisher.PublishAsync(messages);
        }

        var letters = new List<DeadLetterMessage>();
        var settled = await Settle.WithinAsync(TimeSpan.FromSeconds(90), async () =>
        {
            letters.AddRange(await worker.DrainDeadLettersAsync());
            return letters.Count >= ledger.ExpectedCount && valid.All(v => worker.TimesApplied(v.Write!.Id) > 0);
        });

        var problems = ledger.Problems(letters);
        if (!settled) problems.Insert(0, $"not settled after 90 s: {letters.Count} of {ledger.ExpectedCount} dead letters, {valid.Count(v => worker.TimesApplied(v.Write!.Id) > 0)} of {valid.Count} valid events applied");
        foreach (var write in valid.Select(v => v.Write!))
        {
            var key = write.Entity == "audit_entry" ? worker.AuditKey(write.Key) : worker.UserModelKey(write.Key);
            if (WriteChecks.Problem(write, await worker.ReadStoreAsync(write.Table, write.Key), await worker.ReadCacheAsync(key)) is { } problem) problems.Add(problem);
        }

        // Still consuming: one more valid event after all that is applied too, and nothing more reached the DLQ meanwhile.
        problems.AddRange(foreign.Where(f => worker.TimesApplied(f.Write!.Id) > 0).Select(f => $"applied despite its content type: {f}"));
        var last = events.Valid(valid.Count + foreign.Count);
        await worker.PublishAsync(last.Body, "user_model.upsert");
        await WorkerHarness.EventuallyAsync(() => Task.FromResult(worker.TimesApplied(last.Write!.Id) == 1), $"seed {Seed}: the event published last applied");
        var late = await worker.DrainDeadLettersAsync();

        TestContext.Out.WriteLine($"seed {Seed}: published {messages.Count} ({ledger.ExpectedCount} hostile, {valid.Count} valid; {skipped} generated bodies skipped as possibly valid); " +
            $"dead letters by reason: {string.Join(", ", letters.GroupBy(l => l.Reason).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}");
        foreach (var problem in problems) TestContext.Out.WriteLine(problem);
        Assert.Multiple(async () =>
        {
            Assert.That(problems, Is.Empty, $"seed {Seed}: {problems.Count} problems:\n{string.Join("\n", problems.Take(40))}");
            Assert.That(late, Is.Empty, $"seed {Seed}: dead letters after the accounting: {string.Join(", ", late.Select(l => l.Header(OutboundMessage.NumberHeader)))}");
            Assert.That(await worker.ReadyMessagesAsync(worker.Queue), Is.Zero, $"seed {Seed}: the work queue is empty");
        });
    }
}
