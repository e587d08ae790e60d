namespace CacheSync.Cli.Tests;

/// <summary><c>cachesync health</c> against a running worker's /health/ready, and against nothing.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class HealthTests
{
    private WorkerHarness _harness = null!;

    [OneTimeSetUp]
    public async Task StartHarness()
    {
        _harness = new WorkerHarness();
        await _harness.StartAsync();
    }

    [OneTimeTearDown]
    public async Task DisposeHarness() => await _harness.DisposeAsync();

    [Test]
    public async Task Health_of_a_running_worker_is_exit_0_with_a_table_of_its_checks()
    {
        var result = await Cli.RunAsync(_harness, "health", "--url", _harness.HealthUrl.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Error, Is.Empty);
            foreach (var check in new[] { "rabbitmq", "redis", "store" })
            {
                Assert.That(result.OutputLines.Any(l => l.Contains(check, StringComparison.Ordinal) && l.Contains("Healthy", StringComparison.Ordinal)), Is.True, $"{check} row\n{result}");
            }

            Assert.That(result.OutputLines[^1], Is.EqualTo("status: Healthy"));
        });
    }

    [Test]
    public async Task Without_url_the_port_comes_from_the_configuration()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cachesync-cli-tests");
        Directory.CreateDirectory(directory);
        var config = Cli.WriteConfig(_harness, directory);
        try
        {
            var result = await Cli.RunAsync(_harness, "health", "--config", config);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.OutputLines[^1], Is.EqualTo("status: Healthy"));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Test]
    public async Task Health_against_a_closed_port_is_exit_3_and_one_line()
    {
        var port = WorkerHarness.FreePort();
        var result = await Cli.RunRawAsync("health", "--url", $"http://127.0.0.1:{port}");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
            Assert.That(result.ErrorLines, Has.Length.EqualTo(1), result.ToString());
            Assert.That(result.Error, Does.StartWith("cachesync: ").And.Contain($"127.0.0.1:{port}"));
            Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(result.Output, Is.Empty);
        });
    }

    [Test]
    public async Task A_url_that_is_not_http_is_a_usage_error()
    {
        var result = await Cli.RunRawAsync("health", "--url", "amqp://localhost:5672/");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.ErrorLines, Has.Length.EqualTo(1));
            Assert.That(result.Error, Does.Contain("--url"));
        });
    }
}
