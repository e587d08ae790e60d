using System.Collections.Concurrent;
using CacheSync.Core.Processing;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// The rules on the real Redis and SQLite, fed a seeded mix of hostile and valid bodies concurrently (as the worker's
/// consumers would): every body ends in a decision (applied, duplicate or stale; or a dead letter with a documented
/// reason, on the first attempt), no exception escapes, hostile input never looks like an outage to the circuit
/// breaker, and every valid event is really in the store and in Redis.
/// </summary>
[Category("Reliability")]
[NonParallelizable]
public sealed class ProcessorHostileMixTests
{
    private const int Seed = 20_260_910;
    private const int MaxMessageBytes = 256 * 1024;

    [Test]
    public async Task Every_body_ends_in_a_documented_decision_and_every_valid_event_lands()
    {
        await using var rig = ProcessingRig.Start(MaxMessageBytes);
        var events = new PolicyEvents(Seed, rig.Prefix);
        var valid = Enumerable.Range(0, 150).Select(events.Valid).ToList();
        var hostile = HostileMix.ContractHostile(Seed, 320, MaxMessageBytes)
            .Concat(Enumerable.Range(0, 80).Select(events.Hostile))
            .Concat(HostileMix.Mutated(events, Seed, 80))
            .Append(new MixCase("oversize", $"{MaxMessageBytes + 1} bytes", new byte[MaxMessageBytes + 1], HostileCase.Expect(Contracts.ContractReasons.Oversize)))
            .ToList();
        var order = new Random(Seed);
        var shuffled = valid.Concat(hostile).OrderBy(_ => order.Next()).ToList();

        var firstPass = await ProcessAllAsync(rig, shuffled);

        // Then every valid event again (a redelivery) and an older write of its key under a new id (a late arrival).
        var secondPass = await ProcessAllAsync(rig, valid.Select(PolicyEvents.Again).Concat(valid.Select(events.Older)).ToList());

        var problems = firstPass.Concat(secondPass).Where(r => r.Problem is not null).Select(r => $"{r.Problem}\n    {r.Case}").ToList();
        foreach (var write in valid.Select(v => v.Write!))
        {
            var stored = await rig.Store.ReadAsync(write.Table, write.Key, CancellationToken.None);
            var cache = (await rig.Redis.HashGetAllAsync(rig.CacheKey(write.Entity, write.Key))).ToDictionary(f => f.Name.ToString(), f => f.Value.ToString());
            if (WriteChecks.Problem(write, stored, cache) is { } problem) problems.Add(problem);
        }

        var answers = firstPass.Concat(secondPass).GroupBy(r => r.Answer).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
        TestContext.Out.WriteLine($"seed {Seed}: {shuffled.Count} bodies, then {secondPass.Count} repeats and late writes; answers: {string.Join(", ", answers)}");
        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty, $"seed {Seed}: {problems.Count} problems");
            Assert.That(rig.Breaker.IsOpen, Is.False, $"seed {Seed}: hostile input opened the circuit breaker as if a dependency were down");
        });
    }

    private sealed record Result(MixCase Case, string Answer, string? Problem);

    /// <summary>Eight at a time, as the worker's consumers run; each body's decision judged against what it may be.</summary>
    private static async Task<List<Result>> ProcessAllAsync(ProcessingRig rig, IReadOnlyList<MixCase> cases)
    {
        var results = new ConcurrentBag<Result>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (mixCase, _) =>
        {
            DeliveryDecision decision;
            try
            {
                decision = await rig.Handler.HandleAsync(mixCase.Body, CancellationToken.None);
            }
            catch (Exception ex)
            {
                results.Add(new Result(mixCase, "exception", $"{ex.GetType().Name} escaped: {ex.Message}"));
                return;
            }

            results.Add(new Result(mixCase, HostileMix.Answer(decision), Judge(mixCase, decision)));
        });
        return [.. results];
    }

    private static string? Judge(MixCase mixCase, DeliveryDecision decision)
    {
        var answer = HostileMix.Answer(decision);
        if (!mixCase.Acceptable.Contains(answer)) return $"answered {answer} ({decision.Outcome.Detail}), expected {string.Join(" or ", mixCase.Acceptable)}";
        if (decision.Action == DeliveryAction.Ack) return null;
        if (string.IsNullOrWhiteSpace(decision.Outcome.Detail)) return $"dead letter {answer} without a detail";
        return decision.Attempts == 1 ? null : $"poison took {decision.Attempts} attempts: it was retried as if a dependency had failed";
    }
}
