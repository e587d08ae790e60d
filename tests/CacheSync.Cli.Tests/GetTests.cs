namespace CacheSync.Cli.Tests;

/// <summary><c>get &lt;entity&gt; &lt;key&gt;</c>: the cache entry and the store record side by side, by the worker's configuration.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class GetTests
{
    [Test]
    public async Task Get_shows_both_sides_agree_after_a_write_through_and_disagree_after_tampering()
    {
        await using var harness = new WorkerHarness();
        await harness.StartAsync();
        var config = Cli.WriteConfig(harness, Path.GetDirectoryName(harness.SqlitePath)!);
        await harness.PublishAsync(Events.UserModel(Events.NewId(), "g1", 7, "u-get", plan: "team"));
        await WorkerHarness.EventuallyAsync(async () => (await harness.ReadCacheAsync(harness.UserModelKey("g1"))).GetValueOrDefault("version") == "7", "g1 cached at v7");

        var agree = await Cli.RunAsync(harness, "get", "user_model", "g1", "--config", config);

        Assert.That(agree.ExitCode, Is.EqualTo(0), agree.ToString());
        Assert.That(agree.OutputLines[^1], Is.EqualTo("agree: same version and data"));
        Assert.That(agree.Output, Does.Contain(harness.UserModelKey("g1")), "the cache key, from the harness's policy");
        Assert.That(agree.Output, Does.Contain("team").And.Contain("live").And.Contain("7"));

        await harness.Redis.HashSetAsync(harness.UserModelKey("g1"), "version", 6);
        var disagree = await Cli.RunAsync(harness, "get", "user_model", "g1", "--config", config);

        Assert.That(disagree.ExitCode, Is.EqualTo(0), disagree.ToString());
        Assert.That(disagree.OutputLines[^1], Does.StartWith("DISAGREE: the cache is behind the store"));

        var unknown = await Cli.RunAsync(harness, "get", "invoice", "g1", "--config", config);
        Assert.That(unknown.ExitCode, Is.EqualTo(5), unknown.ToString());
        Assert.That(unknown.ErrorLines, Has.Length.EqualTo(1));
        Assert.That(unknown.Error, Does.Contain("invoice").And.Not.Contain("   at "));
    }

    [Test]
    public async Task Get_reads_the_store_given_with_sqlite()
    {
        await using var harness = new WorkerHarness();
        await harness.StartAsync();
        var config = Cli.WriteConfig(harness, Path.GetDirectoryName(harness.SqlitePath)!);
        await harness.PublishAsync(Events.Audit(Events.NewId(), "g2", 3, "login"), "audit_entry.upsert");
        await WorkerHarness.EventuallyAsync(async () => await harness.ReadStoreAsync("audit_entry", "g2") is not null, "g2 stored");

        var result = await Cli.RunAsync(harness, "get", "audit_entry", "g2", "--config", config, "--sqlite", harness.SqlitePath);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("login"));
        Assert.That(result.OutputLines[^1], Does.StartWith("agree:"), "write-around: the cache holds a tombstone, readers fill from the store");
    }
}
