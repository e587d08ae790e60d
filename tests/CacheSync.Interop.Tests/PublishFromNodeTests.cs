using System.Text;
using System.Text.Json.Nodes;
using static CacheSync.Interop.Tests.InteropEvents;

namespace CacheSync.Interop.Tests;

/// <summary>
/// A producer in another language: events published by Node.js with amqplib (plain JSON.stringify objects, a
/// confirm channel) are applied by the real worker exactly as the README's contract says.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class PublishFromNodeTests
{
    [Test]
    public async Task Events_published_with_amqplib_are_applied_once_in_version_order_and_bad_ones_dead_lettered()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();

        // First run: a write-through upsert at a version above 2^53 (as a digit string), another record (a
        // version as a JSON number), and a write-around upsert.
        var ada = UserModel(NewId(), "ada", Digits(BigVersion), "u-ada", "pro");
        var bob = UserModel(NewId(), "bob", 5, "u-bob", "free");
        var login = Audit(NewId(), "login", 1, "login");
        await NodeScript.PublishAsync(worker, ada, bob, login);
        foreach (var e in new[] { ada, bob, login })
        {
            await WorkerHarness.EventuallyAsync(() => Task.FromResult(worker.TimesApplied((string)e["id"]!) == 1), $"{e["key"]} applied");
        }

        // Second run: the same event again (a producer retry), an older version arriving late (2^53, which a
        // JavaScript number could not tell from 2^53 + 1), a delete, and two events that break the contract.
        var stale = UserModel(NewId(), "ada", Digits(BigVersion - 1), "u-ada", "stale");
        var delete = Delete(NewId(), "user_model", "bob", Digits(6));
        var noUserId = UserModel(NewId(), "eve", 1, "u-eve", "free");
        noUserId["data"]!.AsObject().Remove("user_id");
        var negative = UserModel(NewId(), "mal", -1, "u-mal", "free");
        var sent = await NodeScript.PublishAsync(worker, ada, stale, delete, noUserId, negative);

        await WorkerHarness.EventuallyAsync(() => Task.FromResult(
            worker.Outcomes.Contains(((string)ada["id"]!, "Duplicate")) &&
            worker.Outcomes.Contains(((string)stale["id"]!, "Stale")) &&
            worker.TimesApplied((string)delete["id"]!) == 1), "the duplicate, the stale and the delete acked");
        var letters = new List<DeadLetterMessage>();
        await WorkerHarness.EventuallyAsync(async () =>
        {
            letters.AddRange(await worker.DrainDeadLettersAsync());
            return letters.Count >= 2;
        }, "two dead letters");

        var adaRow = await worker.ReadStoreAsync("user_model", "ada");
        var adaEntry = await worker.ReadCacheAsync(worker.UserModelKey("ada"));
        var bobRow = await worker.ReadStoreAsync("user_model", "bob");
        var bobEntry = await worker.ReadCacheAsync(worker.UserModelKey("bob"));
        var loginRow = await worker.ReadStoreAsync("audit_entry", "login");
        var loginEntry = await worker.ReadCacheAsync(worker.AuditKey("login"));
        Assert.Multiple(() =>
        {
            Assert.That(worker.TimesApplied((string)ada["id"]!), Is.EqualTo(1), "the duplicate id was applied once");
            Assert.That(worker.TimesApplied((string)stale["id"]!), Is.Zero, "the older version was not applied");

            Assert.That(adaRow!.Version, Is.EqualTo(BigVersion), "store: the version above 2^53, exactly");
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(adaRow.DataJson!), ada["data"]), Is.True, $"store data {adaRow.DataJson}");
            Assert.That(adaEntry["state"], Is.EqualTo("live"));
            Assert.That(adaEntry["version"], Is.EqualTo("9007199254740993"), "cache: the version above 2^53, exactly");
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(adaEntry["data"]), ada["data"]), Is.True, $"cache data {adaEntry["data"]}");

            Assert.That(bobRow!.IsDeleted, Is.True, "store tombstone");
            Assert.That(bobRow.Version, Is.EqualTo(6));
            Assert.That(bobEntry["state"], Is.EqualTo("deleted"), "cache tombstone");
            Assert.That(bobEntry["version"], Is.EqualTo("6"));
            Assert.That(bobEntry, Does.Not.ContainKey("data"));

            Assert.That(loginRow!.Version, Is.EqualTo(1));
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(loginRow.DataJson!), login["data"]), Is.True);
            Assert.That(loginEntry["state"], Is.EqualTo("invalidated"), "write-around leaves an invalidation");
        });

        Assert.That(letters.Select(l => l.Header("x-cachesync-original-routing-key")), Is.EquivalentTo(new[] { "user_model.upsert", "user_model.upsert" }));
        var byId = letters.ToDictionary(l => l.Properties.MessageId!);
        var sentBodies = sent.ToDictionary(s => (string)s["id"]!, s => (string)s["body"]!);
        foreach (var (e, reason) in new[] { (noUserId, "validation-failed"), (negative, "negative-version") })
        {
            var id = (string)e["id"]!;
            Assert.That(byId, Does.ContainKey(id), $"{reason} event in the DLQ");
            var letter = byId[id];
            Assert.Multiple(() =>
            {
                Assert.That(letter.Reason, Is.EqualTo(reason));
                Assert.That(letter.Header("x-cachesync-reason-detail"), Is.Not.Empty);
                Assert.That(letter.BodyText, Is.EqualTo(sentBodies[id]), "the body as node sent it, byte for byte");
                Assert.That(letter.Body, Is.EqualTo(Encoding.UTF8.GetBytes(sentBodies[id])));
                Assert.That(letter.Properties.ContentType, Is.EqualTo("application/json"));
                Assert.That(letter.Properties.Persistent, Is.True);
            });
        }

        Assert.That(await worker.ReadStoreAsync("user_model", "eve"), Is.Null);
        Assert.That(await worker.ReadStoreAsync("user_model", "mal"), Is.Null);
    }

    [Test]
    public async Task A_version_above_2_pow_53_survives_as_a_digit_string_and_not_as_a_JavaScript_number()
    {
        // Why the contract takes digit strings: JSON.parse gives a JavaScript producer the double 2^53 for
        // 9007199254740993, and JSON.stringify writes that double back.
        await using var worker = new WorkerHarness();
        await worker.StartAsync();
        var asNumber = UserModel(NewId(), "num", JsonValue.Create(BigVersion), "u-num", "pro");
        var asDigits = UserModel(NewId(), "str", Digits(BigVersion), "u-str", "pro");
        var sent = await NodeScript.PublishAsync(worker, asNumber, asDigits);
        foreach (var e in new[] { asNumber, asDigits })
        {
            await WorkerHarness.EventuallyAsync(() => Task.FromResult(worker.TimesApplied((string)e["id"]!) == 1), $"{e["key"]} applied");
        }

        var number = await worker.ReadStoreAsync("user_model", "num");
        var digits = await worker.ReadStoreAsync("user_model", "str");
        var digitsEntry = await worker.ReadCacheAsync(worker.UserModelKey("str"));
        Assert.Multiple(() =>
        {
            Assert.That((string)sent[0]["body"]!, Does.Contain("\"version\":9007199254740992,"), "JSON.stringify wrote the double node held");
            Assert.That(number!.Version, Is.EqualTo(BigVersion - 1), "the number lost its last digit before it left node");
            Assert.That((string)sent[1]["body"]!, Does.Contain("\"version\":\"9007199254740993\""));
            Assert.That(digits!.Version, Is.EqualTo(BigVersion));
            Assert.That(digitsEntry["version"], Is.EqualTo("9007199254740993"));
        });
    }
}
