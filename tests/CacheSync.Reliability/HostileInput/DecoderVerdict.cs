using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Runs the decoder on one body and checks what README promises of every answer, whatever the input: it returns
/// (never throws), it is either an event or a violation, and a violation has a documented reason and a detail.
/// </summary>
internal static class DecoderVerdict
{
    /// <summary>"valid" or the reason code; throws <see cref="PropertyViolation"/> when the decoder broke its promise.</summary>
    public static string Of(byte[] body, DecoderLimits limits, out DecodeResult result)
    {
        try
        {
            result = WriteEventDecoder.Decode(body, limits);
        }
        catch (Exception ex)
        {
            throw new PropertyViolation($"the decoder threw {ex.GetType().Name}: {ex.Message}", ex);
        }

        if (result.IsValid)
        {
            if (result.Violation is not null) throw new PropertyViolation("the result is both an event and a violation");
            return HostileCase.Valid;
        }

        if (result.Violation is null) throw new PropertyViolation("the result is neither an event nor a violation");
        if (!DocumentedReasons.Contract.Contains(result.Violation.Reason))
        {
            throw new PropertyViolation($"undocumented reason '{result.Violation.Reason}'");
        }

        if (string.IsNullOrWhiteSpace(result.Violation.Detail)) throw new PropertyViolation($"reason {result.Violation.Reason} without a detail");
        return result.Violation.Reason;
    }

    /// <summary>Checks a case against its expectation.</summary>
    public static void Check(HostileCase hostile, DecoderLimits limits)
    {
        var verdict = Of(hostile.Body, limits, out var result);
        if (!hostile.Acceptable.Contains(verdict))
        {
            throw new PropertyViolation($"answered {verdict} ({result.Violation?.Detail}), expected {string.Join(" or ", hostile.Acceptable)}");
        }

        // Whatever the decoder accepts must be an event it can write again and read back the same.
        if (result.IsValid && EventDifference.Between(result.Event, WriteEventDecoder.Decode(WriteEventEncoder.Encode(result.Event)).Event) is { } drift)
        {
            throw new PropertyViolation($"an accepted event does not survive re-encoding: {drift}");
        }
    }
}
