using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace CacheSync.Stores.Cassandra.Tests.Client;

/// <summary>
/// A bare-socket CQL node for what the scripted peer will not do: it answers STARTUP with READY, and every other
/// request with <see cref="Misbehave"/>'s bytes on the first connection, with RESULT Void on later ones.
/// </summary>
internal sealed class RawNode : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly List<Task> _serving = [];
    private readonly Func<short, byte[]> _misbehave;
    private readonly Task _accepting;
    private int _connections;

    /// <param name="misbehave">the bytes to send for a request on the given stream, on the first connection.</param>
    public RawNode(Func<short, byte[]> misbehave)
    {
        _misbehave = misbehave;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>A response frame header (version 0x84 unless told) and body.</summary>
    public static byte[] Frame(short stream, byte opcode, byte[] body, byte version = 0x84)
    {
        var frame = new byte[9 + body.Length];
        frame[0] = version;
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(2), stream);
        frame[4] = opcode;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), body.Length);
        body.CopyTo(frame.AsSpan(9));
        return frame;
    }

    public static byte[] VoidResult(short stream, byte version = 0x84) => Frame(stream, 0x08, [0, 0, 0, 1], version);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _connections);
            lock (_clients)
            {
                _clients.Add(client);
                _serving.Add(ServeAsync(client.GetStream(), misbehaving: id == 1));
            }
        }
    }

    private async Task ServeAsync(NetworkStream stream, bool misbehaving)
    {
        var header = new byte[9];
        try
        {
            while (true)
            {
                await stream.ReadExactlyAsync(header, _stop.Token);
                var streamId = BinaryPrimitives.ReadInt16BigEndian(header.AsSpan(2));
                var opcode = header[4];
                await stream.ReadExactlyAsync(new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5))], _stop.Token);
                var reply = opcode switch
                {
                    0x01 => Frame(streamId, 0x02, []), // STARTUP → READY
                    _ when misbehaving => _misbehave(streamId),
                    _ => VoidResult(streamId),
                };
                await stream.WriteAsync(reply, _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException or EndOfStreamException)
        {
            // The client closed the connection, or the node is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] serving;
        lock (_clients)
        {
            foreach (var client in _clients) client.Dispose();
            serving = [_accepting, .. _serving];
        }

        await Task.WhenAll(serving).WaitAsync(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
