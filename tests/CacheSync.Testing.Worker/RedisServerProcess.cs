using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CacheSync.Testing.Worker;

/// <summary>
/// A redis-server of the test's own on a free loopback port (never the shared one), that the test can kill and
/// start again on the same port and data.
/// </summary>
/// <remarks>
/// It persists: append-only file, fsync on every write, in a directory of its own.
/// Redis holds the worker's idempotency records and the version fences of the cache; a Redis that forgot them on a
/// restart would be a different fault (data loss) from the one this simulates (the server unreachable for a while).
/// With <c>appendfsync always</c> a write is on disk before Redis answers, so even SIGKILL loses nothing acknowledged.
/// </remarks>
public sealed class RedisServerProcess : IDisposable
{
    private readonly string _directory;
    private Process? _process;

    public RedisServerProcess()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _directory = Path.Combine(Path.GetTempPath(), "cachesync-tests", $"redis-{Port}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(_directory);
    }

    public int Port { get; }

    /// <summary>Short timeouts so a dead server is noticed within a second, by the worker and the test alike.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000";

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _process = Process.Start(new ProcessStartInfo("redis-server",
            [
                "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--dir", _directory, "--save", "", "--appendonly", "yes", "--appendfsync", "always",
            ])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on port {Port}");
    }

    /// <summary>SIGKILL: the server vanishes mid-command, as in a crash or a node lost.</summary>
    public void Kill()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner.
        }
    }
}
