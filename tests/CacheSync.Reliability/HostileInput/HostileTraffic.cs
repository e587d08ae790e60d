using System.Text;
using CacheSync.Contracts;
using CacheSync.Core.Processing;
using RabbitMQ.Client;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Messages for the real worker: hostile ones that must end in the DLQ (with exactly the reasons they may have) and
/// valid ones that must be applied, each in an envelope of its own, interleaved in a seeded order.
/// </summary>
internal sealed class HostileTraffic
{
    private static readonly string[] Entities = ["user_model", "audit_entry"];
    private static readonly string[] HostileRoutingKeys = ["user_model.upsert", "hostile", "", "a.b.c.d", new string('r', 255), "audit_entry.delete"];

    private readonly Random _random;
    private readonly Envelopes _envelopes;
    private readonly DecoderLimits _limits;
    private readonly List<OutboundMessage> _messages = [];

    public HostileTraffic(int seed, int maxMessageBytes)
    {
        _random = new Random(seed);
        _envelopes = new Envelopes(seed);
        _limits = new DecoderLimits { MaxMessageBytes = maxMessageBytes };
    }

    public IReadOnlyList<OutboundMessage> Messages => _messages;

    /// <summary>A valid event in a JSON envelope: it must be applied.</summary>
    public void AddValid(MixCase valid)
    {
        var write = valid.Write!;
        Add(valid, $"{write.Entity}.{(write.Op == EventOperation.Upsert ? "upsert" : "delete")}", Envelopes.Json, valid.Acceptable);
    }

    /// <summary>A valid event in an envelope whose content type is not JSON, or not a content type: it must not be applied.</summary>
    public void AddValidInForeignEnvelope(MixCase valid) =>
        Add(valid with { Write = null }, "user_model.upsert", _random.Next(2) == 0 ? Envelopes.NotJson : Envelopes.Unparsable,
            HostileCase.Expect(ProcessingReasons.UnsupportedContentType));

    /// <summary>
    /// A hostile body, in a JSON envelope or (one in four) one that is not JSON. A body that could be applied after all
    /// (a mutation that left a valid event of a configured entity) is skipped: this traffic is either poison or valid.
    /// </summary>
    public bool AddHostile(MixCase hostile)
    {
        if (_random.Next(4) == 0)
        {
            Add(hostile, RoutingKey(), _random.Next(4) == 0 ? Envelopes.Unparsable : Envelopes.NotJson, HostileCase.Expect(ProcessingReasons.UnsupportedContentType));
            return true;
        }

        if (ExactReasons(hostile) is not { } reasons) return false;
        Add(hostile, RoutingKey(), Envelopes.Json, reasons);
        return true;
    }

    /// <summary>The reasons a body may be dead-lettered with, or null when it might be applied.</summary>
    private IReadOnlySet<string>? ExactReasons(MixCase hostile)
    {
        if (!hostile.Acceptable.Contains(MixCase.Applied)) return hostile.Acceptable;
        var decoded = WriteEventDecoder.Decode(hostile.Body, _limits);
        if (!decoded.IsValid) return HostileCase.Expect(decoded.Violation.Reason);
        return Entities.Contains(decoded.Event.Entity) ? null : HostileCase.Expect(ProcessingReasons.UnknownEntity);
    }

    /// <summary>Bodies no generator above draws: empty, not UTF-8, over the worker's configured size limit.</summary>
    public static IEnumerable<MixCase> Specials(int maxMessageBytes)
    {
        var bad = HostileCase.Expect(ContractReasons.BadJson);
        yield return new MixCase("special", "empty body", [], bad);
        yield return new MixCase("special", "a lone continuation byte", [0x80], bad);
        yield return new MixCase("special", "Latin-1 é in a key", [.. """{"id":"l1","entity":"user_model","key":"caf"""u8, 0xE9, .. "\",\"op\":\"delete\",\"version\":1}"u8], bad);
        yield return new MixCase("special", "an encoded surrogate", [.. """{"id":"s1","entity":"user_model","key":"x"""u8, 0xED, 0xA0, 0x80, .. "\",\"op\":\"delete\",\"version\":1}"u8], bad);
        yield return new MixCase("special", "UTF-16", Encoding.Unicode.GetBytes("""{"id":"u16","entity":"user_model","key":"x","op":"delete","version":1}"""), bad);
        foreach (var size in new[] { maxMessageBytes + 1, maxMessageBytes * 8 })
        {
            var blob = new string('x', size);
            yield return new MixCase("special", $"{size} bytes, over MaxMessageBytes",
                Encoding.UTF8.GetBytes($$$"""{"id":"big{{{size}}}","entity":"user_model","key":"big","op":"upsert","version":1,"data":{"user_id":"u","blob":"{{{blob}}}"}}"""),
                HostileCase.Expect(ContractReasons.Oversize));
        }
    }

    /// <summary>The messages in a seeded random order, so hostile and valid ones interleave.</summary>
    public IReadOnlyList<OutboundMessage> Shuffled() => [.. _messages.OrderBy(_ => _random.Next())];

    private void Add(MixCase mixCase, string routingKey, IReadOnlyList<string?> contentTypes, IReadOnlySet<string> acceptable)
    {
        var number = _messages.Count;
        _messages.Add(new OutboundMessage(number, mixCase, routingKey, _envelopes.For(number, contentTypes), acceptable));
    }

    private string RoutingKey() => HostileRoutingKeys[_random.Next(HostileRoutingKeys.Length)];
}
