using System.Globalization;
using System.Text.Json.Nodes;
using static CacheSync.Interop.Tests.InteropEvents;

namespace CacheSync.Interop.Tests;

/// <summary>
/// A cache reader in another language: node/read.js reads what the worker wrote with node-redis, knowing only
/// the README's "Cache entry format" section, and must understand it as the worker meant it.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ReadFromNodeTests
{
    [Test]
    public async Task A_node_redis_reader_following_the_README_understands_live_entries_tombstones_and_invalidations()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();
        var ada = UserModel(NewId(), "ada", Digits(BigVersion), "u-ada", "pro");
        var bob = UserModel(NewId(), "bob", Digits(5), "u-bob", "free");
        var bobDeleted = Delete(NewId(), "user_model", "bob", Digits(6));
        var login = Audit(NewId(), "login", Digits(1), "login");
        await NodeScript.PublishAsync(worker, ada, bob, bobDeleted, login);
        await WorkerHarness.EventuallyAsync(() => Task.FromResult(
            new[] { ada, bob, bobDeleted, login }.All(e => worker.Outcomes.Any(o => o.EventId == (string)e["id"]!))), "every event acked");

        var keys = new
        {
            Ada = worker.UserModelKey("ada"),
            Bob = worker.UserModelKey("bob"),
            Login = worker.AuditKey("login"),
            AdaList = worker.UserListKey("u-ada"),
            Missing = worker.UserModelKey("nobody"),
        };
        var read = await NodeScript.ReadAsync(keys.Ada, keys.Bob, keys.Login, keys.AdaList, keys.Missing);
        var adaRow = await worker.ReadStoreAsync("user_model", "ada");
        var bobRow = await worker.ReadStoreAsync("user_model", "bob");
        var loginRow = await worker.ReadStoreAsync("audit_entry", "login");

        Assert.Multiple(() =>
        {
            foreach (var entry in read.Values)
            {
                Assert.That(entry["violations"]!.AsArray(), Is.Empty, $"{entry["key"]} breaks the README's format: {entry["violations"]!.ToJsonString()}");
            }

            // A live write-through entry: the store's version (above 2^53, kept as text) and data; the policy's TTL (1 h).
            var a = read[keys.Ada];
            Assert.That((bool)a["hit"]!, Is.True);
            Assert.That((string)a["state"]!, Is.EqualTo("live"));
            Assert.That((string)a["version"]!, Is.EqualTo(adaRow!.Version.ToString(CultureInfo.InvariantCulture)));
            Assert.That((string)a["version"]!, Is.EqualTo("9007199254740993"));
            Assert.That(JsonNode.DeepEquals(a["data"], JsonNode.Parse(adaRow.DataJson!)), Is.True, $"node read {a["data"]?.ToJsonString()}, the store holds {adaRow.DataJson}");
            Assert.That((int)a["ttlSeconds"]!, Is.InRange(3000, 3600));

            // A delete: a 'deleted' tombstone at the delete's version, no data, the tombstone TTL (60 s here); a miss.
            var b = read[keys.Bob];
            Assert.That(bobRow!.IsDeleted, Is.True);
            Assert.That((bool)b["hit"]!, Is.False);
            Assert.That((string)b["state"]!, Is.EqualTo("deleted"));
            Assert.That((string)b["version"]!, Is.EqualTo("6"));
            Assert.That(b["data"], Is.Null);
            Assert.That((int)b["ttlSeconds"]!, Is.InRange(1, 60));

            // A write-around: an 'invalidated' tombstone at the write's version, a miss; the store has the value.
            var l = read[keys.Login];
            Assert.That((bool)l["hit"]!, Is.False);
            Assert.That((string)l["state"]!, Is.EqualTo("invalidated"));
            Assert.That((string)l["version"]!, Is.EqualTo(loginRow!.Version.ToString(CultureInfo.InvariantCulture)));
            Assert.That(l["data"], Is.Null);
            Assert.That((int)l["ttlSeconds"]!, Is.InRange(1, 60));

            // A dependent key: invalidated at its own version (0: there was no entry), naming the writer's version.
            var list = read[keys.AdaList];
            Assert.That((bool)list["hit"]!, Is.False);
            Assert.That((string)list["state"]!, Is.EqualTo("invalidated"));
            Assert.That((string)list["version"]!, Is.EqualTo("0"));
            Assert.That((string)list["invalidatedBy"]!, Is.EqualTo("9007199254740993"));
            Assert.That((int)list["ttlSeconds"]!, Is.InRange(1, 60));

            Assert.That((bool)read[keys.Missing]["exists"]!, Is.False);
            Assert.That((bool)read[keys.Missing]["hit"]!, Is.False);
        });

        // And the worker's own view of the same hashes says the same.
        foreach (var key in new[] { keys.Ada, keys.Bob, keys.Login, keys.AdaList })
        {
            var raw = await worker.ReadCacheAsync(key);
            Assert.That((string)read[key]["state"]!, Is.EqualTo(raw["state"]), key);
            Assert.That((string)read[key]["version"]!, Is.EqualTo(raw["version"]), key);
        }
    }

    [Test]
    public async Task A_node_reader_fills_a_miss_with_the_READMEs_fill_script_and_is_fenced_as_described()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();
        var login = Audit(NewId(), "login", Digits(BigVersion), "login");
        var bob = UserModel(NewId(), "bob", Digits(5), "u-bob", "free");
        var bobDeleted = Delete(NewId(), "user_model", "bob", Digits(6));
        await NodeScript.PublishAsync(worker, login, bob, bobDeleted);
        await WorkerHarness.EventuallyAsync(() => Task.FromResult(
            new[] { login, bob, bobDeleted }.All(e => worker.Outcomes.Any(o => o.EventId == (string)e["id"]!))), "every event acked");
        var loginKey = worker.AuditKey("login");
        var bobKey = worker.UserModelKey("bob");

        // Write-around: a miss; the reader loads the row from the store and fills at the row's version.
        Assert.That((bool)(await NodeScript.ReadAsync(loginKey))[loginKey]["hit"]!, Is.False);
        var row = await worker.ReadStoreAsync("audit_entry", "login");
        Assert.That(await NodeScript.FillAsync(loginKey, row!.Version - 1, row.DataJson!, 60_000), Is.False, "an older row cannot fill an invalidation");
        Assert.That(await NodeScript.FillAsync(loginKey, row.Version, row.DataJson!, 60_000), Is.True, "the row the invalidation points to fills it");
        Assert.That(await NodeScript.FillAsync(loginKey, row.Version, """{"what":"again"}""", 60_000), Is.False, "a live entry is not refilled at its own version");
        var filled = (await NodeScript.ReadAsync(loginKey))[loginKey];
        var workerView = await worker.ReadCacheAsync(loginKey);
        Assert.Multiple(() =>
        {
            Assert.That(filled["violations"]!.AsArray(), Is.Empty);
            Assert.That((bool)filled["hit"]!, Is.True);
            Assert.That((string)filled["version"]!, Is.EqualTo("9007199254740993"));
            Assert.That(JsonNode.DeepEquals(filled["data"], JsonNode.Parse(row.DataJson!)), Is.True);
            Assert.That((int)filled["ttlSeconds"]!, Is.InRange(1, 60));
            Assert.That(workerView["state"], Is.EqualTo("live"), "the worker sees the filled entry as live");
        });

        // A delete tombstone is never filled at its own version (nor with an older row).
        Assert.That(await NodeScript.FillAsync(bobKey, 6, """{"user_id":"u-bob"}""", 60_000), Is.False);
        Assert.That(await NodeScript.FillAsync(bobKey, 5, """{"user_id":"u-bob"}""", 60_000), Is.False);
        Assert.That((string)(await NodeScript.ReadAsync(bobKey))[bobKey]["state"]!, Is.EqualTo("deleted"));
    }
}
