using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// A fake Cassandra node that speaks native protocol v4 on 127.0.0.1, written from the spec alone. It answers
/// the connection set-up (OPTIONS, STARTUP, auth, REGISTER, system tables, USE) by itself and hands every other
/// request to the test's responder. Every request frame is recorded raw and parsed.
/// Requests are read in order per connection; a reply with a delay is sent later while the connection keeps
/// reading, so replies can overtake each other as the spec allows (section 2.3).
/// </summary>
public sealed partial class ScriptedCqlPeer : IAsyncDisposable
{
    private const int SupportedVersion = 4;
    private const byte ResponseDirection = 0x80;
    private const byte CompressionFlag = 0x01;
    private const byte WarningFlag = 0x08;

    /// <summary>Spec 2.5: a frame is limited to 256MB.</summary>
    private const int MaxBodyLength = 256 * 1024 * 1024;

    private static readonly string[] KnownEvents = ["TOPOLOGY_CHANGE", "STATUS_CHANGE", "SCHEMA_CHANGE"];

    private readonly TcpListener _listener;
    private readonly PeerOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<ReceivedFrame> _frames = [];
    private readonly List<PeerRequest> _requests = [];
    private readonly List<Exception> _faults = [];
    private readonly List<Task> _background = [];
    private readonly List<TcpClient> _clients = [];
    private readonly ConcurrentDictionary<string, string> _preparedQueries = new(StringComparer.Ordinal);
    private Task _acceptLoop = Task.CompletedTask;
    private int _lastConnectionId;

    private ScriptedCqlPeer(PeerOptions options)
    {
        _options = options;
        _listener = new TcpListener(IPAddress.Loopback, options.Port);
    }

    public int Port { get; private set; }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _lastConnectionId);

    /// <summary>Every request frame received, in arrival order (a snapshot).</summary>
    public IReadOnlyList<ReceivedFrame> Frames
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>The parsed view of every v4 request frame that parsed, in arrival order (a snapshot).</summary>
    public IReadOnlyList<PeerRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>What went wrong inside the peer: responder exceptions, unparsable frames, I/O failures.</summary>
    public IReadOnlyList<Exception> Faults
    {
        get
        {
            lock (_gate)
            {
                return [.. _faults];
            }
        }
    }

    public static Task<ScriptedCqlPeer> StartAsync(PeerOptions? options = null)
    {
        var peer = new ScriptedCqlPeer(options ?? new PeerOptions());
        peer._listener.Start();
        peer.Port = ((IPEndPoint)peer._listener.LocalEndpoint).Port;
        peer._acceptLoop = peer.AcceptLoopAsync();
        return Task.FromResult(peer);
    }

    /// <summary>The id the peer gives a query: MD5 of its UTF-8 text, 16 bytes, as Cassandra does.</summary>
    public static byte[] PreparedIdFor(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
#pragma warning disable CA5351 // Not security: Cassandra itself derives prepared ids from MD5 of the query.
        return MD5.HashData(Encoding.UTF8.GetBytes(query));
#pragma warning restore CA5351
    }

    /// <summary>The query an id was prepared from on this peer, or null.</summary>
    public string? QueryForPreparedId(byte[] id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _preparedQueries.TryGetValue(Convert.ToHexString(id), out var query) ? query : null;
    }

    /// <summary>Forget all prepared ids, as a restarted node does: the next EXECUTE gets Unprepared.</summary>
    public void ForgetPreparedStatements() => _preparedQueries.Clear();

    /// <summary>Drops the recorded frames, requests and faults (for example after a client connected).</summary>
    public void ClearRecords()
    {
        lock (_gate)
        {
            _frames.Clear();
            _requests.Clear();
            _faults.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] pending;
        lock (_gate)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            pending = [_acceptLoop, .. _background];
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException or SocketException or TimeoutException)
        {
            // Shutting down: connections end however they end.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
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

            client.NoDelay = true;
            var connection = new Connection(Interlocked.Increment(ref _lastConnectionId), client.GetStream());
            lock (_gate)
            {
                _clients.Add(client);
                _background.Add(ServeAsync(connection));
            }
        }
    }

    private async Task ServeAsync(Connection connection)
    {
        try
        {
            while (await ReadFrameAsync(connection) is { } frame)
            {
                if (!await HandleFrameAsync(connection, frame))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away, or the peer is stopping.
        }
        catch (Exception e)
        {
            RecordFault(e);
        }
        finally
        {
            await connection.Stream.DisposeAsync();
        }
    }

    /// <summary>
    /// Reads one frame. v3+ headers are 9 bytes with a [short] stream; v1/v2 headers were 8 bytes with a byte
    /// stream, read so a client probing an old version still gets a well-formed protocol error back.
    /// </summary>
    private async Task<ReceivedFrame?> ReadFrameAsync(Connection connection)
    {
        var first = new byte[1];
        if (!await ReadExactlyOrEndAsync(connection.Stream, first))
        {
            return null;
        }

        var version = (byte)(first[0] & 0x7F);
        var rest = new byte[version >= 3 ? 8 : 7];
        await connection.Stream.ReadExactlyAsync(rest, _stop.Token);
        var flags = rest[0];
        short stream;
        int offset;
        if (version >= 3)
        {
            stream = BinaryPrimitives.ReadInt16BigEndian(rest.AsSpan(1, 2));
            offset = 3;
        }
        else
        {
            stream = (sbyte)rest[1];
            offset = 2;
        }

        var opcode = rest[offset];
        var length = BinaryPrimitives.ReadInt32BigEndian(rest.AsSpan(offset + 1, 4));
        if (length is < 0 or > MaxBodyLength)
        {
            await SendAsync(connection, version, stream, PeerReply.ProtocolError($"Invalid frame body length {length}"), default);
            throw new IOException($"connection {connection.Id}: invalid body length {length}, closing");
        }

        var body = new byte[length];
        await connection.Stream.ReadExactlyAsync(body, _stop.Token);
        var frame = new ReceivedFrame(connection.Id, first[0], flags, stream, opcode, body);
        lock (_gate)
        {
            _frames.Add(frame);
        }

        return frame;
    }

    /// <summary>Answers one frame; false closes the connection.</summary>
    private async Task<bool> HandleFrameAsync(Connection connection, ReceivedFrame frame)
    {
        var version = (byte)(frame.Version & 0x7F);
        if (version != SupportedVersion || (frame.Version & ResponseDirection) != 0)
        {
            // How drivers negotiate down: a protocol error in the version they asked for, then the node closes.
            // The wording is Cassandra's; the Node.js and Java drivers look for "Invalid or unsupported protocol version".
            var error = PeerReply.ProtocolError(
                $"Invalid or unsupported protocol version ({version}); supported versions are (4/v4)");
            await SendAsync(connection, version, frame.Stream, error, default);
            return false;
        }

        if ((frame.Flags & CompressionFlag) != 0)
        {
            await SendAsync(connection, version, frame.Stream, PeerReply.ProtocolError("Compression was not negotiated (no COMPRESSION in STARTUP)"), default);
            return true;
        }

        PeerRequest request;
        try
        {
            request = RequestParser.Parse(frame, QueryForPreparedId);
        }
        catch (FormatException e)
        {
            RecordFault(new InvalidDataException($"connection {connection.Id} stream {frame.Stream} {frame.OpcodeName}: {e.Message}", e));
            await SendAsync(connection, version, frame.Stream, PeerReply.ProtocolError(e.Message), default);
            return true;
        }

        lock (_gate)
        {
            _requests.Add(request);
        }

        var (reply, context) = Decide(connection, request);
        if (reply.Delay > TimeSpan.Zero)
        {
            lock (_gate)
            {
                _background.Add(SendLaterAsync(connection, request, reply, context));
            }
        }
        else
        {
            await SendAsync(connection, version, frame.Stream, reply, context);
        }

        return true;
    }

    private (PeerReply Reply, ReplyContext Context) Decide(Connection connection, PeerRequest request)
    {
        var skipMetadata = _options.HonorSkipMetadata && request.Parameters?.SkipMetadata == true;
        var context = new ReplyContext(skipMetadata, null);
        switch (request.Opcode)
        {
            case CqlOpcode.Options:
                return (PeerReply.Supported(new Dictionary<string, IReadOnlyList<string>>
                {
                    ["CQL_VERSION"] = [_options.CqlVersion],
                    ["COMPRESSION"] = [],
                }), context);
            case CqlOpcode.Startup:
                return (Startup(connection, request), context);
            case CqlOpcode.AuthResponse:
                return (Authenticate(connection, request), context);
        }

        if (!connection.Ready)
        {
            return (PeerReply.ProtocolError($"Unexpected message {request.OpcodeName}, expecting STARTUP or OPTIONS"), context);
        }

        switch (request.Opcode)
        {
            case CqlOpcode.Register:
                var unknown = request.EventTypes!.FirstOrDefault(e => !KnownEvents.Contains(e));
                return (unknown is null ? PeerReply.Ready() : PeerReply.ProtocolError($"Invalid value '{unknown}' for Type"), context);
            case CqlOpcode.Query when SystemTables.TryAnswer(request.Query!, _options, Port, out var systemReply):
                return (systemReply!, context);
            case CqlOpcode.Query when UseKeyspace().Match(request.Query!) is { Success: true } use:
                connection.Keyspace = use.Groups["ks"].Value;
                return (PeerReply.SetKeyspace(connection.Keyspace), context);
            case CqlOpcode.Execute when request.Query is null:
                // An id this node never prepared (or forgot): Cassandra answers Unprepared with the id.
                return (PeerReply.Unprepared(request.PreparedId!), context);
            case CqlOpcode.Batch when request.BatchEntries!.FirstOrDefault(e => e.IsPrepared && e.Query is null) is { } missing:
                return (PeerReply.Unprepared(missing.PreparedId!), context);
        }

        var reply = AskResponder(request) ?? Default(request);
        if (reply.IsPrepared)
        {
            if (request.Opcode != CqlOpcode.Prepare)
            {
                return (PeerReply.ServerError($"scripted peer: a Prepared result answers PREPARE, not {request.OpcodeName}"), context);
            }

            // Remember the id before replying, so an EXECUTE pipelined right behind the reply finds it.
            var id = reply.ExplicitPreparedId ?? PreparedIdFor(request.Query!);
            _preparedQueries[Convert.ToHexString(id)] = request.Query!;
            context = context with { PreparedId = id };
        }

        return (reply, context);
    }

    private PeerReply Startup(Connection connection, PeerRequest request)
    {
        if (connection.Ready || connection.AwaitingAuth)
        {
            return PeerReply.ProtocolError("Unexpected message STARTUP, the connection is already started");
        }

        var options = request.StartupOptions!;
        if (!options.ContainsKey("CQL_VERSION"))
        {
            return PeerReply.ProtocolError("Missing value CQL_VERSION in STARTUP message");
        }

        if (options.TryGetValue("COMPRESSION", out var compression) && compression.Length > 0)
        {
            return PeerReply.ProtocolError($"Unknown compression algorithm: {compression}");
        }

        if (_options.RequiredCredentials is null)
        {
            connection.Ready = true;
            return PeerReply.Ready();
        }

        connection.AwaitingAuth = true;
        return PeerReply.Authenticate(_options.Authenticator);
    }

    /// <summary>SASL PLAIN (RFC 4616): [authzid] NUL authcid NUL passwd, one round, as PasswordAuthenticator does.</summary>
    private PeerReply Authenticate(Connection connection, PeerRequest request)
    {
        if (!connection.AwaitingAuth)
        {
            return PeerReply.ProtocolError("Unexpected message AUTH_RESPONSE, no authentication in progress");
        }

        var parts = Encoding.UTF8.GetString(request.AuthToken ?? []).Split('\0');
        var expected = _options.RequiredCredentials!;
        if (parts.Length < 3 || parts[^2] != expected.User || parts[^1] != expected.Password)
        {
            var user = parts.Length >= 3 ? parts[^2] : "?";
            return PeerReply.BadCredentials($"Provided username {user} and/or password are incorrect");
        }

        connection.AwaitingAuth = false;
        connection.Ready = true;
        return PeerReply.AuthSuccess();
    }

    private PeerReply? AskResponder(PeerRequest request)
    {
        if (_options.Responder is null)
        {
            return null;
        }

        try
        {
            return _options.Responder(request);
        }
#pragma warning disable CA1031 // A failing responder must reach the test as a fault and the client as an error, not kill the peer.
        catch (Exception e)
#pragma warning restore CA1031
        {
            RecordFault(new InvalidOperationException($"responder failed on {request}", e));
            return PeerReply.ServerError("scripted peer responder failed: " + e.Message);
        }
    }

    private static PeerReply Default(PeerRequest request) =>
        request.IsWrite && request.Opcode != CqlOpcode.Prepare
            ? PeerReply.Void()
            : PeerReply.Invalid($"scripted peer has no answer for {request.OpcodeName} {request.Query}");

    private async Task SendLaterAsync(Connection connection, PeerRequest request, PeerReply reply, ReplyContext context)
    {
        try
        {
            await Task.Delay(reply.Delay, _stop.Token);
            await SendAsync(connection, SupportedVersion, request.Stream, reply, context);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client or the peer went away before the delayed reply was due.
        }
    }

    /// <summary>Header (spec 2): version|0x80, flags, stream, opcode, length; then [warnings] and the body.</summary>
    private async Task SendAsync(Connection connection, byte version, short stream, PeerReply reply, ReplyContext context)
    {
        var body = new WireWriter();
        byte flags = 0;
        if (reply.Warnings.Count > 0)
        {
            flags |= WarningFlag;
            body.WriteStringList(reply.Warnings.ToArray());
        }

        reply.WriteBody(body, context);
        var bodyBytes = body.ToArray();
        var header = new WireWriter().WriteByte((byte)(ResponseDirection | version)).WriteByte(flags);
        if (version >= 3)
        {
            header.WriteShort(stream);
        }
        else
        {
            header.WriteByte((byte)stream);
        }

        var frame = header.WriteByte(reply.Opcode).WriteInt(bodyBytes.Length).WriteRaw(bodyBytes).ToArray();

        // One writer at a time per connection: delayed replies must not interleave their bytes with others.
        await connection.WriteLock.WaitAsync(_stop.Token);
        try
        {
            await connection.Stream.WriteAsync(frame, _stop.Token);
            await connection.Stream.FlushAsync(_stop.Token);
        }
        finally
        {
            connection.WriteLock.Release();
        }
    }

    private async Task<bool> ReadExactlyOrEndAsync(NetworkStream stream, byte[] buffer)
    {
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, _stop.Token);
        return read == buffer.Length;
    }

    private void RecordFault(Exception e)
    {
        lock (_gate)
        {
            _faults.Add(e);
        }
    }

    [GeneratedRegex(@"^\s*USE\s+""?(?<ks>[A-Za-z0-9_]+)""?\s*;?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex UseKeyspace();

    /// <summary>Per-connection state: where it is in the STARTUP/auth handshake, and its write lock.</summary>
    private sealed class Connection(int id, NetworkStream stream)
    {
        public int Id { get; } = id;

        public NetworkStream Stream { get; } = stream;

        public SemaphoreSlim WriteLock { get; } = new(1, 1);

        public bool Ready { get; set; }

        public bool AwaitingAuth { get; set; }

        public string? Keyspace { get; set; }
    }
}
