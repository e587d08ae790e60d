using System.Collections.Concurrent;

namespace CacheSync.Reliability.Faults;

/// <summary><c>cachesync</c> as an operator runs it (<c>dotnet cachesync.dll …</c>), on a scenario's topology.</summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly DotnetChildProcess _process;

    private CliProcess(IEnumerable<string> arguments)
    {
        _process = DotnetChildProcess.Start("cachesync.dll", arguments, environment: null, line =>
        {
            _output.Enqueue(line);
            TestContext.Progress.WriteLine($"[cachesync] {line}");
        });
    }

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    /// <summary>The worker's own settings name the broker, exchange, queues and Redis; the CLI is pointed at the same.</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string?> workerSettings, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(workerSettings);
        TestContext.Progress.WriteLine($"$ cachesync {string.Join(' ', arguments)}");
        return new CliProcess(arguments.Concat(
        [
            "--rabbitmq", workerSettings["CacheSync:RabbitMq:Uri"]!,
            "--exchange", workerSettings["CacheSync:RabbitMq:Exchange"]!,
            "--queue", workerSettings["CacheSync:RabbitMq:Queue"]!,
            "--dlq", workerSettings["CacheSync:RabbitMq:DeadLetterQueue"]!,
            "--redis", workerSettings["CacheSync:Redis:Configuration"]!,
        ]));
    }

    /// <summary>Runs to the end and returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> workerSettings, TimeSpan within, CancellationToken cancellationToken, params string[] arguments)
    {
        await using var cli = Start(workerSettings, arguments);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within);
        await cli._process.WaitForExitAsync(timeout.Token);
        return cli._process.ExitCode;
    }

    public async Task KillAsync()
    {
        await _process.KillAsync();
        TestContext.Progress.WriteLine("[cachesync] killed (SIGKILL)");
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
