using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CacheSync.Reliability.Faults;

/// <summary>
/// A RabbitMQ node of the test's own, so the test can stop and start the broker (<c>rabbitmqctl stop_app</c> /
/// <c>start_app</c>) without touching the shared one other people's tests run on. Everything it has is private:
/// node name, AMQP and distribution ports, data, logs, configuration, enabled plugins (none), and an Erlang cookie
/// generated for it alone (its HOME is its own directory, for the server and for rabbitmqctl alike).
/// </summary>
public sealed class RabbitMqNodeProcess : IAsyncDisposable
{
    private const string Scripts = "/usr/lib/rabbitmq/bin";
    private static readonly TimeSpan CommandBound = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly Dictionary<string, string> _environment;

    private RabbitMqNodeProcess()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        NodeName = $"cachesync-rel-{id}@localhost";
        Port = FreePort();
        var distributionPort = FreePort();
        _directory = Path.Combine(Path.GetTempPath(), "cachesync-reliability", $"rabbitmq-{id}");
        Directory.CreateDirectory(Path.Combine(_directory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(_directory, "log"));

        // The shared node's cookie is not ours to read: this node and the rabbitmqctl runs that drive it share a new one.
        var cookie = Path.Combine(_directory, ".erlang.cookie");
        File.WriteAllText(cookie, Guid.NewGuid().ToString("N").ToUpperInvariant());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(cookie, UnixFileMode.UserRead); // Erlang refuses a cookie others can read
        File.WriteAllText(Path.Combine(_directory, "enabled_plugins"), "[].");
        File.WriteAllText(Path.Combine(_directory, "rabbitmq.conf"), $"listeners.tcp.1 = 127.0.0.1:{Port}\nloopback_users.guest = true\n");

        string In(string name) => Path.Combine(_directory, name);
        _environment = new Dictionary<string, string>
        {
            ["HOME"] = _directory,
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = In("mnesia"),
            ["RABBITMQ_LOG_BASE"] = In("log"),
            ["RABBITMQ_PID_FILE"] = In("pid"),
            ["RABBITMQ_CONFIG_FILE"] = In("rabbitmq.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = In("advanced.config"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = In("enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = In("rabbitmq-env.conf"),
        };
    }

    public string NodeName { get; }

    public int Port { get; }

    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    public static async Task<RabbitMqNodeProcess> StartAsync(CancellationToken cancellationToken)
    {
        var node = new RabbitMqNodeProcess();
        try
        {
            var (code, output) = await ExternalCommand.RunAsync($"{Scripts}/rabbitmq-server", ["-detached"], node._environment, CommandBound, cancellationToken);
            if (code != 0) throw new InvalidOperationException($"rabbitmq-server -detached exited with {code}: {output}");
            await node.AwaitAmqpAsync(cancellationToken);
            TestContext.Progress.WriteLine($"[rabbitmq] private node {node.NodeName} on 127.0.0.1:{node.Port}");
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the RabbitMQ application, not the Erlang node: every connection is closed, durable queues and their messages stay on disk.</summary>
    public async Task StopAppAsync(CancellationToken cancellationToken)
    {
        await CtlAsync(cancellationToken, "stop_app");
        TestContext.Progress.WriteLine("[rabbitmq] stop_app");
    }

    public async Task StartAppAsync(CancellationToken cancellationToken)
    {
        await CtlAsync(cancellationToken, "start_app"); // returns once the application has started
        TestContext.Progress.WriteLine("[rabbitmq] start_app");
    }

    /// <summary>
    /// Ready once it takes an AMQP connection: the listener opens last, when the node has booted. Cheaper than polling
    /// <c>rabbitmqctl await_startup</c>, each run of which boots an Erlang VM of its own (and fails at once until the
    /// node has registered with epmd).
    /// </summary>
    private async Task AwaitAmqpAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = Uri, AutomaticRecoveryEnabled = false, RequestedConnectionTimeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync(cancellationToken);
                await connection.CloseAsync(cancellationToken);
                return;
            }
            catch (BrokerUnreachableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private async Task CtlAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var (code, output) = await RunCtlAsync(cancellationToken, arguments);
        if (code != 0) throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited with {code}: {output}");
    }

    private Task<(int ExitCode, string Output)> RunCtlAsync(CancellationToken cancellationToken, params string[] arguments) =>
        ExternalCommand.RunAsync($"{Scripts}/rabbitmqctl", ["-q", "-n", NodeName, .. arguments], _environment, CommandBound, cancellationToken);

    /// <summary>Stops the node (<c>rabbitmqctl stop</c>); if it does not go, kills its process by the pid it wrote; removes its files.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunCtlAsync(CancellationToken.None, "stop");
        }
        catch (TimeoutException)
        {
            // Killed below.
        }

        var pidFile = Path.Combine(_directory, "pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                if (!process.HasExited && process.ProcessName.StartsWith("beam", StringComparison.Ordinal))
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
