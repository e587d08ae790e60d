using System.Globalization;
using System.Text.Json;
using CacheSync.Contracts;
using CacheSync.Core.Processing;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Events for the policies the worker tests run (WorkerHarness's, which <see cref="ProcessingRig"/> repeats):
/// user_model (write-through, requires data.user_id, dependent key user:{data.user_id}:models, data at most 2,048
/// bytes) and audit_entry (write-around). Valid ones use keys and data full of legal oddities; hostile ones break a
/// policy in a way the contract alone cannot see.
/// </summary>
internal sealed class PolicyEvents
{
    public const int MaxPayloadBytes = 2048;

    private static readonly string[] OddUserIds = ["u 1", "u:*?[]", "ü-ß-漢字", "😀", "\u2028", "007", "-", "a/b\\c", "\"q\"", "%s%n"];
    private static readonly string[] OddNotes = ["\\ud800", "\\u0000", "line\\nbreak", "\\\"quoted\\\"", "{braces} are data", "😀", "\\uFEFF"];

    private readonly Random _random;
    private readonly string _tag;
    private readonly string[] _keyTexts;

    /// <param name="tag">Makes every id and key unique to one run.</param>
    public PolicyEvents(int seed, string tag)
    {
        _random = new Random(seed);
        _tag = tag;
        _keyTexts = SeededProperty.Sample(ContractAlphabet.Text(48, allowBraces: false), (ulong)seed, 64);
    }

    /// <summary>A valid event on a key of its own: user_model upsert or delete, or audit_entry upsert.</summary>
    public MixCase Valid(int index)
    {
        var id = $"{_tag}-v{index}";
        var key = $"{_tag}-k{index}-{_keyTexts[_random.Next(_keyTexts.Length)]}";
        var version = _random.Next(4) == 0 ? long.MaxValue - _random.Next(1000) : _random.NextInt64(2, long.MaxValue / 2);
        var text = new JsonText(_random.Next());
        var versionJson = _random.Next(3) == 0 ? text.Quote(version.ToString(CultureInfo.InvariantCulture)) : version.ToString(CultureInfo.InvariantCulture);
        switch (_random.Next(5))
        {
            case 0:
                var auditData = $"{{\"what\":{text.Quote(_keyTexts[_random.Next(_keyTexts.Length)])},\"n\":1e308}}";
                return Valid(id, "audit_entry", key, version, EventOperation.Upsert, auditData,
                    $"{{\"id\":{text.Quote(id)},\"entity\":\"audit_entry\",\"key\":{text.Quote(key)},\"op\":\"upsert\",\"version\":{versionJson},\"data\":{auditData}}}");
            case 1:
                return Valid(id, "user_model", key, version, EventOperation.Delete, null,
                    $"{{\"op\":\"delete\",\"version\":{versionJson},\"key\":{text.Quote(key)},\"entity\":\"user_model\",\"id\":{text.Quote(id)}}}");
            default:
                var userId = OddUserIds[_random.Next(OddUserIds.Length)];
                var data = $"{{\"user_id\":{text.Quote(userId)},\"plan\":\"pro\",\"note\":\"{OddNotes[_random.Next(OddNotes.Length)]}\",\"deep\":{{\"a\":[1,{{\"b\":null}}]}}}}";
                return Valid(id, "user_model", key, version, EventOperation.Upsert, data,
                    $"{{\"id\":{text.Quote(id)},\"entity\":\"user_model\",\"key\":{text.Quote(key)},\"op\":\"upsert\",\"version\":{versionJson},\"occurredAt\":\"2026-01-02T03:04:05Z\",\"data\":{data},\"ID\":\"ignored\"}}");
        }
    }

    private static MixCase Valid(string id, string entity, string key, long version, EventOperation op, string? data, string json) =>
        new("valid", $"{entity} {op} {key}", System.Text.Encoding.UTF8.GetBytes(json), HostileCase.Expect(MixCase.Applied),
            new ExpectedWrite(id, entity, key, version, op, data));

    /// <summary>The same event again (a redelivery or a producer retry): applied once, a duplicate after.</summary>
    public static MixCase Again(MixCase valid) =>
        valid with { Kind = "duplicate", Acceptable = HostileCase.Expect(MixCase.Duplicate), Write = valid.Write };

    /// <summary>An older write of the same key under a new id, arriving late: both fences refuse it.</summary>
    public MixCase Older(MixCase valid)
    {
        var write = valid.Write!;
        var older = write.Version - 1 - _random.Next((int)Math.Min(write.Version - 1, 1000));
        var json = write.Op == EventOperation.Upsert
            ? $"{{\"id\":\"{write.Id}-older\",\"entity\":\"{write.Entity}\",\"key\":{JsonSerializer.Serialize(write.Key)},\"op\":\"upsert\",\"version\":{older},\"data\":{write.DataJson}}}"
            : $"{{\"id\":\"{write.Id}-older\",\"entity\":\"{write.Entity}\",\"key\":{JsonSerializer.Serialize(write.Key)},\"op\":\"upsert\",\"version\":{older},\"data\":{{\"user_id\":\"zombie\"}}}}";
        return new MixCase("stale", $"{write.Key} v{older} after v{write.Version}", System.Text.Encoding.UTF8.GetBytes(json), HostileCase.Expect(MixCase.Stale), write);
    }

    /// <summary>A message the contract accepts and a policy refuses, with the reason README gives.</summary>
    public MixCase Hostile(int index)
    {
        var id = $"{_tag}-h{index}";
        var key = $"{_tag}-hk{index}";
        string Upsert(string entity, string data) =>
            $"{{\"id\":\"{id}\",\"entity\":{JsonSerializer.Serialize(entity)},\"key\":\"{key}\",\"op\":\"upsert\",\"version\":1,\"data\":{data}}}";
        var (what, json, reason) = _random.Next(12) switch
        {
            0 => ("unknown entity", Upsert("invoice", "{}"), ProcessingReasons.UnknownEntity),
            1 => ("entity differing in case", Upsert("User_Model", "{\"user_id\":\"u\"}"), ProcessingReasons.UnknownEntity),
            2 => ("entity with a trailing space", Upsert("user_model ", "{\"user_id\":\"u\"}"), ProcessingReasons.UnknownEntity),
            3 => ("entity with a zero-width space", Upsert("audit_entry\u200B", "{}"), ProcessingReasons.UnknownEntity),
            4 => ("no user_id", Upsert("user_model", "{\"plan\":\"free\"}"), ProcessingReasons.ValidationFailed),
            5 => ("user_id null", Upsert("user_model", "{\"user_id\":null}"), ProcessingReasons.ValidationFailed),
            6 => ("user_id an object", Upsert("user_model", "{\"user_id\":{\"id\":1}}"), ProcessingReasons.ValidationFailed),
            7 => ("user_id empty", Upsert("user_model", "{\"user_id\":\"\"}"), ProcessingReasons.ValidationFailed),
            8 => ("user_id with a brace", Upsert("user_model", "{\"user_id\":\"a{b\"}"), ProcessingReasons.ValidationFailed),
            9 => ("user_id with a control character", Upsert("user_model", "{\"user_id\":\"a\\u0001b\"}"), ProcessingReasons.ValidationFailed),
            10 => ("user_id half a surrogate pair", Upsert("user_model", "{\"user_id\":\"\\ud800\"}"), ProcessingReasons.ValidationFailed),
            _ => ("data over MaxPayloadBytes", Upsert("user_model", $"{{\"user_id\":\"u\",\"blob\":\"{new string('x', MaxPayloadBytes)}\"}}"), ContractReasons.Oversize),
        };
        return new MixCase("policy", what, System.Text.Encoding.UTF8.GetBytes(json), HostileCase.Expect(reason));
    }

    /// <summary>A user_model upsert without links, as raw material for byte mutations (links could name keys outside the test's prefix).</summary>
    public byte[] MutationSeed(int index) => System.Text.Encoding.UTF8.GetBytes(
        $"{{\"id\":\"{_tag}-m{index}\",\"entity\":\"user_model\",\"key\":\"{_tag}-mk{index}\",\"op\":\"upsert\",\"version\":{index + 1},\"data\":{{\"user_id\":\"m{index}\"}}}}");
}
