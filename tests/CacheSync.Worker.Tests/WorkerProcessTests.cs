using System.Diagnostics;

namespace CacheSync.Worker.Tests;

/// <summary>The worker as operators start it: its own process, its own exit code.</summary>
public sealed class WorkerProcessTests
{
    [Test]
    public async Task Bad_settings_end_the_process_with_exit_code_2_and_one_line_each_without_a_stack_trace()
    {
        var (exitCode, stderr, stdout) = await RunWorkerAsync(
            "--CacheSync:RabbitMq:PrefetchCount=0",
            "--CacheSync:Redis:TombstoneTtl=00:00:00",
            "--CacheSync:Entities:user_model:CacheKey=user:{key");

        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2), stderr + stdout);
            Assert.That(lines, Has.All.StartsWith("cachesync: invalid configuration: "));
            Assert.That(stderr, Does.Contain("CacheSync:RabbitMq:PrefetchCount"));
            Assert.That(stderr, Does.Contain("CacheSync:Redis:TombstoneTtl"));
            Assert.That(stderr, Does.Contain("CacheSync:Entities:user_model:CacheKey"));
            Assert.That(stderr + stdout, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public async Task A_value_that_cannot_be_read_ends_the_process_with_exit_code_2_naming_the_setting()
    {
        var (exitCode, stderr, stdout) = await RunWorkerAsync("--CacheSync:RabbitMq:DrainTimeout=forever");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2), stderr + stdout);
            Assert.That(stderr.Trim(), Does.StartWith("cachesync: invalid configuration: ").And.Contain("CacheSync:RabbitMq:DrainTimeout"));
            Assert.That(stderr + stdout, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    private static async Task<(int ExitCode, string Stderr, string Stdout)> RunWorkerAsync(params string[] settings)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "CacheSync.Worker.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(worker);
        foreach (var setting in settings) start.ArgumentList.Add(setting);
        start.Environment["DOTNET_ENVIRONMENT"] = "Development"; // the test broker's user is guest

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        return (process.ExitCode, stderr, stdout);
    }
}
