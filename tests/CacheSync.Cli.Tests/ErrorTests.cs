namespace CacheSync.Cli.Tests;

/// <summary>Bad input: one line on stderr, no stack trace, and the documented exit code.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ErrorTests
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

    private static void AssertOneLine(CliResult result, int exitCode, string mentions)
    {
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.ToString());
            Assert.That(result.ErrorLines, Has.Length.EqualTo(1), result.ToString());
            Assert.That(result.Error, Does.StartWith("cachesync: "));
            Assert.That(result.Error, Does.Contain(mentions));
            Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public async Task Unreachable_broker_is_exit_3()
    {
        var result = await Cli.RunRawAsync("dlq", "stats", "--rabbitmq", "amqp://guest:guest@127.0.0.1:1/", "--dlq", _harness.DeadLetterQueue);
        AssertOneLine(result, 3, "127.0.0.1:1");
    }

    [Test]
    public async Task Wrong_credentials_are_exit_3_and_the_password_is_not_printed()
    {
        var uri = new UriBuilder(TestEnvironment.RabbitMqUri) { UserName = "guest", Password = "not-the-password" }.Uri.ToString();
        var result = await Cli.RunRawAsync("dlq", "list", "--rabbitmq", uri, "--dlq", _harness.DeadLetterQueue);
        AssertOneLine(result, 3, "credentials");
        Assert.That(result.Error, Does.Not.Contain("not-the-password"));
    }

    [Test]
    public async Task Missing_queue_is_exit_4()
    {
        var args = Cli.Topology(_harness).ToList();
        args[args.IndexOf("--dlq") + 1] = "does-not-exist";
        var result = await Cli.RunRawAsync(["dlq", "list", .. args]);
        AssertOneLine(result, 4, "does-not-exist");
    }

    [Test]
    public async Task Unknown_id_is_exit_5()
    {
        var result = await Cli.RunAsync(_harness, "dlq", "show", "nope");
        AssertOneLine(result, 5, "nope");
    }

    [TestCase("--since", "yesterday")]
    [TestCase("--limit", "0")]
    [TestCase("--limit", "many")]
    public async Task Malformed_filter_is_exit_2(string option, string value)
    {
        var result = await Cli.RunAsync(_harness, "dlq", "list", option, value);
        AssertOneLine(result, 2, option);
    }

    [TestCase("dlq", "lst")]
    [TestCase("frobnicate")]
    public async Task Unknown_command_is_exit_2(params string[] command)
    {
        var result = await Cli.RunAsync(_harness, command);
        AssertOneLine(result, 2, command[^1]);
    }

    [Test]
    public async Task Replay_without_a_filter_or_all_is_exit_2()
    {
        var result = await Cli.RunAsync(_harness, "dlq", "replay");
        AssertOneLine(result, 2, "--all");
    }

    [Test]
    public async Task A_password_in_a_uri_that_does_not_parse_is_never_printed()
    {
        var result = await Cli.RunRawAsync("--rabbitmq", "amqp://admin:S3cret@host:notaport/", "dlq", "stats");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Not.Contain("S3cret"));
        Assert.That(result.Error, Does.Contain("amqp://***@host:notaport/"));
    }
}
