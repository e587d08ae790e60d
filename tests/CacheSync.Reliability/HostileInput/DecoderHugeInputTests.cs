using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Huge and deep input gets its documented answer without memory out of proportion to its size: allocations are
/// counted (not timed) on the decoding thread, across each single decode.
/// </summary>
[Category("Reliability")]
public sealed class DecoderHugeInputTests
{
    // Room for the largest case, so the size limit does not answer before the decoder has read the message.
    private static readonly DecoderLimits Roomy = new() { MaxMessageBytes = 16 * 1024 * 1024 };

    [Test]
    public void Megabyte_strings_in_any_member_get_their_reason_with_memory_in_proportion_to_their_size() =>
        SeededProperty.Check("huge strings", seed: 20_260_906, cases: 30, HugeStrings.Any, huge =>
        {
            var (verdict, allocated) = Decode(huge.Body, Roomy);
            if (!huge.Acceptable.Contains(verdict)) throw new PropertyViolation($"answered {verdict} with room for it, expected {string.Join(" or ", huge.Acceptable)}");
            if (allocated > Budget(huge.Body.Length)) throw new PropertyViolation($"allocated {allocated:N0} bytes for {huge.Body.Length:N0} (budget {Budget(huge.Body.Length):N0})");
            TestContext.Out.WriteLine($"{huge.What}: {huge.Body.Length:N0} bytes, {verdict}, allocated {allocated:N0} ({(double)allocated / huge.Body.Length:F2} per byte)");

            // With the default limit a body over 1 MiB is refused by its size alone.
            var (limited, _) = Decode(huge.Body, DecoderLimits.Default);
            var expected = huge.Body.Length > DecoderLimits.Default.MaxMessageBytes ? ContractReasons.Oversize : verdict;
            if (limited != expected) throw new PropertyViolation($"under the default limit answered {limited}, expected {expected}");
        });

    [Test]
    public void A_body_over_the_limit_is_refused_before_it_is_read()
    {
        var body = new byte[32 * 1024 * 1024];
        Array.Fill(body, (byte)'[');

        var (verdict, allocated) = Decode(body, DecoderLimits.Default);

        Assert.Multiple(() =>
        {
            Assert.That(verdict, Is.EqualTo(ContractReasons.Oversize));
            Assert.That(allocated, Is.LessThan(16 * 1024), "only the answer is allocated, nothing in proportion to the body");
        });
    }

    [TestCase('[', 10_000, true)]
    [TestCase('{', 10_000, true)]
    [TestCase('[', 100_000, false)]
    public void Nesting_far_past_the_depth_limit_is_refused_with_memory_in_proportion(char bracket, int depth, bool closed)
    {
        var opener = bracket == '[' ? "[" : "{\"a\":";
        var json = string.Concat(Enumerable.Repeat(opener, depth)) + "0" + (closed ? new string(bracket == '[' ? ']' : '}', depth) : string.Empty);
        var body = System.Text.Encoding.UTF8.GetBytes("{\"id\":\"deep\",\"entity\":\"e\",\"key\":\"k\",\"op\":\"upsert\",\"version\":1,\"data\":{\"x\":" + json + "}}");

        var (verdict, allocated) = Decode(body, DecoderLimits.Default);

        Assert.Multiple(() =>
        {
            Assert.That(verdict, Is.EqualTo(ContractReasons.BadJson));
            Assert.That(allocated, Is.LessThan(Budget(body.Length)), $"allocated {allocated:N0} bytes for {body.Length:N0}");
        });
    }

    /// <summary>
    /// What a decode may allocate: the parsed document's index (a 12-byte row per token, and a string can be one
    /// byte long) and the copies of the text it reads (a string as UTF-16, the data object cloned), plus a fixed
    /// allowance. Generous, since its purpose is to catch growth out of proportion (quadratic, or a copy per level).
    /// </summary>
    private static long Budget(int bodyBytes) => 16L * bodyBytes + 1024 * 1024;

    private static (string Verdict, long Allocated) Decode(byte[] body, DecoderLimits limits)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var verdict = DecoderVerdict.Of(body, limits, out _);
        return (verdict, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
