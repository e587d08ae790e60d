using CacheSync.Contracts;
using CacheSync.Core.Processing;
using FsCheck.Fluent;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Turns the decoder's hostile cases into messages for the whole worker: what the decoder must refuse keeps its
/// reason; what it accepts meets the policies next (its entity is random text, so mostly unknown-entity).
/// </summary>
internal static class HostileMix
{
    /// <summary>Any answer the rules may give a message that passed the contract, including applying it.</summary>
    public static IReadOnlySet<string> AfterPolicies { get; } = HostileCase.Expect(
        ProcessingReasons.UnknownEntity, ProcessingReasons.ValidationFailed, ContractReasons.Oversize, MixCase.Applied, MixCase.Duplicate, MixCase.Stale);

    private static IReadOnlySet<string> AnyAnswer { get; } = new HashSet<string>(DocumentedReasons.Poison.Concat(AfterPolicies), StringComparer.Ordinal);

    /// <summary>Hostile members, versions, structure and bytes from the decoder's generators, in equal shares.</summary>
    public static IReadOnlyList<MixCase> ContractHostile(ulong seed, int count, int maxMessageBytes)
    {
        var share = count / 4;
        var cases = SeededProperty.Sample(HostileFields.Any, seed, share)
            .Concat(SeededProperty.Sample(HostileStructures.Any, seed + 1, share))
            .Concat(SeededProperty.Sample(
                from valid in ValidEvents.Any
                from raw in HostileVersions.Any
                select new HostileCase("version", $"version = {raw}", valid.Shape.With("version", JsonFragment.Raw(raw)).Render(valid.Style), VersionRules.Verdicts(raw)),
                seed + 2, share))
            .Concat(SeededProperty.Sample(ByteMutations.Any, seed + 3, count - 3 * share));
        return cases.Select(c => new MixCase(c.Kind, c.What, c.Body,
            c.Body.Length > maxMessageBytes ? HostileCase.Expect(ContractReasons.Oversize)
            : c.Acceptable.Contains(HostileCase.Valid) ? AfterPolicies.Union(c.Acceptable.Where(a => a != HostileCase.Valid)).ToHashSet(StringComparer.Ordinal)
            : c.Acceptable)).ToList();
    }

    /// <summary>Valid user_model events with bytes flipped, inserted, deleted or spliced: any documented answer.</summary>
    public static IReadOnlyList<MixCase> Mutated(PolicyEvents events, ulong seed, int count)
    {
        var random = new Random((int)seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var body = events.MutationSeed(i).ToList();
            for (var m = random.Next(1, 4); m > 0 && body.Count > 0; m--)
            {
                var at = random.Next(body.Count);
                switch (random.Next(4))
                {
                    case 0: body[at] ^= (byte)(1 << random.Next(8)); break;
                    case 1: body.Insert(at, (byte)"{}[]\":,0-\\u"[random.Next(11)]); break;
                    case 2: body.RemoveAt(at); break;
                    default: body.RemoveRange(at, Math.Min(body.Count - at, random.Next(1, 12))); break;
                }
            }

            return new MixCase("mutated", $"mutated user_model event {i}", body.ToArray(), AnyAnswer);
        }).ToList();
    }

    /// <summary>The answer a decision stands for: an ack's outcome, or the dead letter's reason.</summary>
    public static string Answer(DeliveryDecision decision) => decision.Action == DeliveryAction.Ack
        ? decision.Outcome.Kind switch
        {
            OutcomeKind.Applied => MixCase.Applied,
            OutcomeKind.Duplicate => MixCase.Duplicate,
            OutcomeKind.Stale => MixCase.Stale,
            var other => $"ack of {other}",
        }
        : decision.Outcome.Reason ?? "(dead letter without a reason)";
}
