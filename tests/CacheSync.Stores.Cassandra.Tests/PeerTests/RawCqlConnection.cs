using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using CacheSync.Testing.CqlPeer;

namespace CacheSync.Testing.CqlPeerTests;

/// <summary>A bare socket that writes hand-made frames at the peer, for testing the peer's own behaviour.</summary>
internal sealed class RawCqlConnection : IAsyncDisposable
{
    private readonly TcpClient _client = new();
    private NetworkStream _stream = null!;

    public static async Task<RawCqlConnection> OpenAsync(int port)
    {
        var connection = new RawCqlConnection();
        await connection._client.ConnectAsync(IPAddress.Loopback, port);
        connection._stream = connection._client.GetStream();
        return connection;
    }

    /// <summary>A v3+ style 9-byte header, or the 8-byte header of v1/v2.</summary>
    public async Task SendAsync(byte version, short stream, byte opcode, byte[] body, byte flags = 0)
    {
        var header = new WireWriter().WriteByte(version).WriteByte(flags);
        if (version >= 3)
        {
            header.WriteShort(stream);
        }
        else
        {
            header.WriteByte((byte)stream);
        }

        await _stream.WriteAsync(header.WriteByte(opcode).WriteInt(body.Length).WriteRaw(body).ToArray());
    }

    public Task StartupAsync(short stream = 0) =>
        SendAsync(4, stream, CqlOpcode.Startup, new WireWriter().WriteUnsignedShort(1).WriteString("CQL_VERSION").WriteString("3.0.0").ToArray());

    public async Task<(byte Version, byte Flags, short Stream, byte Opcode, byte[] Body)> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = new byte[1];
        await _stream.ReadExactlyAsync(first, timeout.Token);
        var rest = new byte[(first[0] & 0x7F) >= 3 ? 8 : 7];
        await _stream.ReadExactlyAsync(rest, timeout.Token);
        var v3 = rest.Length == 8;
        var stream = v3 ? BinaryPrimitives.ReadInt16BigEndian(rest.AsSpan(1)) : (sbyte)rest[1];
        var opcode = rest[v3 ? 3 : 2];
        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(rest.AsSpan(v3 ? 4 : 3))];
        await _stream.ReadExactlyAsync(body, timeout.Token);
        return (first[0], rest[0], stream, opcode, body);
    }

    /// <summary>True when the peer closed the connection (read returns 0).</summary>
    public async Task<bool> IsClosedByPeerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _stream.ReadAsync(new byte[1], timeout.Token) == 0;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
