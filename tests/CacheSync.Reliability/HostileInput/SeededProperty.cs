using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Runs an FsCheck property from a fixed seed, without shrinking: the cases, and their order, are the same on every
/// run, so a failure names its seed and replays exactly. (Shrinking is off because a case can be megabytes long and
/// the failure message already says what the case was.)
/// </summary>
internal static class SeededProperty
{
    // FsCheck's splittable generator takes a seed and an odd "gamma"; the gamma is fixed so the seed alone replays.
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    public static Rnd Random(ulong seed) => new(seed, Gamma);

    /// <summary>Checks <paramref name="property"/> on <paramref name="cases"/> cases; it fails a case by throwing.</summary>
    public static void Check<T>(string name, ulong seed, int cases, Gen<T> generator, Action<T> property)
    {
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(Random(seed), FSharpOption<int>.None)));
        try
        {
            FsCheck.Check.One(config, Prop.ForAll(Arb.From(generator), property));
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            Assert.Fail($"{name}: falsified (seed {seed}, {cases} cases; the same seed replays the same cases)\n{failure.Message}");
        }
    }

    /// <summary>The first <paramref name="count"/> values of a generator from a seed, for tests that need a fixed list.</summary>
    public static T[] Sample<T>(Gen<T> generator, ulong seed, int count, int size = 50) =>
        generator.Sample(count, Random(seed), size);
}
