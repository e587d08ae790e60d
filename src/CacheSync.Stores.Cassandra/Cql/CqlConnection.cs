using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>
/// One TCP (or TLS) connection to one node, shared by many concurrent requests: each request takes a free
/// stream id, its frame is written whole under a write lock, and a single read loop hands every response to
/// the request that owns its stream id, in whatever order the node answers (spec §2.3).
/// </summary>
/// <remarks>
/// A request that times out or is cancelled keeps its stream id until the node answers it: reusing the id
/// earlier could hand that late answer to a different request.
/// </remarks>
internal sealed class CqlConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _streamSlots;
    private readonly Stack<short> _freeStreams;
    private readonly TaskCompletionSource<ResponseFrame>?[] _pending;
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _readLoop;
    private readonly byte[] _headerBuffer = new byte[FrameHeader.Size];
    private readonly int _maxRequests;
    private long _framesReceived;
    private int _orphans;
    private Exception? _failure;

    private CqlConnection(string endPoint, TcpClient client, Stream stream, int maxRequests)
    {
        EndPoint = endPoint;
        _client = client;
        _stream = stream;
        _maxRequests = maxRequests;
        _streamSlots = new SemaphoreSlim(maxRequests, maxRequests);
        _freeStreams = new Stack<short>(Enumerable.Range(0, maxRequests).Reverse().Select(i => (short)i));
        _pending = new TaskCompletionSource<ResponseFrame>?[maxRequests];
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public string EndPoint { get; }

    /// <summary>False once the connection broke or was closed; the pool then opens another.</summary>
    public bool IsOpen => Volatile.Read(ref _failure) is null;

    /// <summary>Opens a connection, says STARTUP and authenticates when the node asks for it.</summary>
    public static async Task<CqlConnection> OpenAsync(string host, int port, CqlConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var endPoint = $"{host}:{port}";
        var client = new TcpClient { NoDelay = true };
        CqlConnection? connection = null;
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(settings.ConnectTimeout);
            try
            {
                await client.ConnectAsync(host, port, connectTimeout.Token).ConfigureAwait(false);
                Stream stream = client.GetStream();
                if (settings.Tls?.Invoke(host) is { } tls)
                {
                    var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                    stream = ssl;
                    await ssl.AuthenticateAsClientAsync(tls, connectTimeout.Token).ConfigureAwait(false);
                }

                connection = new CqlConnection(endPoint, client, stream, Math.Clamp(settings.MaxRequestsPerConnection, 1, CqlConnectionSettings.ProtocolStreamLimit));
                await connection.HandshakeAsync(settings, settings.ConnectTimeout, connectTimeout.Token).ConfigureAwait(false);
                return connection;
            }
            catch (Exception e) when ((e is OperationCanceledException or CqlRequestTimeoutException) && !cancellationToken.IsCancellationRequested)
            {
                throw new CqlConnectionException($"Cassandra node {endPoint}: no connection within {settings.ConnectTimeout.TotalSeconds:0.#} s.", e);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException
                                       or CqlProtocolException or CqlServerException or System.Security.Cryptography.CryptographicException)
        {
            // Whatever goes wrong before the connection is ready (TLS, a protocol or server error in the handshake)
            // is this node's trouble: the pool backs off from it and tries the next one.
            await DisposeQuietlyAsync(connection, client).ConfigureAwait(false);
            throw new CqlConnectionException($"Cassandra node {endPoint}: {e.Message}", e);
        }
        catch
        {
            await DisposeQuietlyAsync(connection, client).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends one request and waits for its answer, at most <paramref name="timeout"/>.</summary>
    /// <exception cref="CqlServerException">The node answered with an ERROR.</exception>
    /// <exception cref="CqlConnectionException">The connection broke before the answer came.</exception>
    /// <exception cref="CqlRequestTimeoutException">No answer in time.</exception>
    public async Task<CqlResponse> SendAsync(CqlRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        // Counted, not timed: a clock tick is coarse enough for READY and the first request to share it.
        var framesBeforeSending = Interlocked.Read(ref _framesReceived);

        // Every wait here also ends when the connection fails, so no request sits out its timeout on a dead socket.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        deadline.CancelAfter(timeout);
        try
        {
            await _streamSlots.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ThrowIfFailed();
            throw new CqlRequestTimeoutException($"Cassandra node {EndPoint}: every stream id stayed busy for {timeout.TotalMilliseconds:0} ms.");
        }

        var response = new TaskCompletionSource<ResponseFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = TakeStream(response);
        try
        {
            await WriteFrameAsync(stream, request, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Nothing (or only part of the frame) went out: no answer will come for this id, so free it now.
            ReleaseStream(stream);
            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                ThrowIfFailed();
                throw new CqlRequestTimeoutException($"Cassandra node {EndPoint}: {request.Opcode} waited {timeout.TotalMilliseconds:0} ms to be sent.", e);
            }

            throw;
        }

        ResponseFrame frame;
        try
        {
            frame = await response.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            ThrowIfFailed();
            Abandon(response, framesBeforeSending, timedOut: !cancellationToken.IsCancellationRequested);
            if (cancellationToken.IsCancellationRequested) throw;
            throw new CqlRequestTimeoutException($"Cassandra node {EndPoint} did not answer {request.Opcode} within {timeout.TotalMilliseconds:0} ms.");
        }

        return ResponseDecoder.Decode(frame.Header, frame.Body);
    }

    /// <summary>
    /// The caller stops waiting (timed out, or cancelled); its stream id stays taken until the late answer arrives.
    /// A node that let a request time out without sending anything at all since it went out, or that leaves too
    /// many ids unanswered, is treated as gone:
    /// closing fails the other waiters now instead of one by one.
    /// </summary>
    private void Abandon(TaskCompletionSource<ResponseFrame> response, long framesBeforeSending, bool timedOut)
    {
        if (response.TrySetCanceled())
        {
            var orphans = Interlocked.Increment(ref _orphans);
            if (orphans > _maxRequests / 2) Fail(new CqlConnectionException($"Cassandra node {EndPoint} left {orphans} requests unanswered."));
        }

        if (timedOut && Interlocked.Read(ref _framesReceived) == framesBeforeSending) Fail(new CqlConnectionException($"Cassandra node {EndPoint} stopped answering."));
    }

    private async Task HandshakeAsync(CqlConnectionSettings settings, TimeSpan timeout, CancellationToken ct)
    {
        var startup = RequestEncoder.Startup(new Dictionary<string, string>
        {
            ["CQL_VERSION"] = RequestEncoder.CqlVersion,
            ["DRIVER_NAME"] = settings.DriverName,
            ["DRIVER_VERSION"] = settings.DriverVersion,
        });
        var answer = await SendAsync(startup, timeout, ct).ConfigureAwait(false);
        if (answer is ReadyResponse) return;
        if (answer is not AuthenticateResponse authenticate)
        {
            throw new CqlProtocolException($"Cassandra node {EndPoint} answered STARTUP with {answer.GetType().Name}.");
        }

        if (settings.Username is null || settings.Password is null)
        {
            throw new CqlAuthenticationException($"Cassandra node {EndPoint} requires authentication ({authenticate.Authenticator}) but no username and password are configured.");
        }

        // SASL PLAIN, as PasswordAuthenticator expects: an empty authorization id, then user and password, NUL-separated.
        var token = Encoding.UTF8.GetBytes($"\0{settings.Username}\0{settings.Password}");
        try
        {
            answer = await SendAsync(RequestEncoder.AuthResponse(token), timeout, ct).ConfigureAwait(false);
        }
        catch (CqlServerException e) when (e.Code == CqlErrorCode.BadCredentials)
        {
            throw new CqlAuthenticationException($"Cassandra node {EndPoint} refused the credentials of user '{settings.Username}': {e.ServerMessage}", e);
        }

        if (answer is not AuthSuccessResponse)
        {
            throw new CqlAuthenticationException($"Cassandra node {EndPoint} asked for a further challenge ({answer.GetType().Name}); only PasswordAuthenticator is supported.");
        }
    }

    private async Task WriteFrameAsync(short stream, CqlRequest request, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfFailed();
            var header = new FrameHeader(FrameHeader.RequestVersion, FrameFlags.None, stream, request.Opcode, request.Body.Length);
            var frame = new byte[FrameHeader.Size + request.Body.Length];
            header.WriteTo(frame);
            request.Body.Span.CopyTo(frame.AsSpan(FrameHeader.Size));

            // Not cancellable once started: half a frame on the wire would corrupt every later request.
            await _stream.WriteAsync(frame, _closing.Token).ConfigureAwait(false);
            await _stream.FlushAsync(_closing.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException
                                  || (e is OperationCanceledException && _closing.IsCancellationRequested))
        {
            var failure = new CqlConnectionException($"Cassandra node {EndPoint}: the connection broke while sending ({e.Message}).", e);
            Fail(failure);
            throw failure;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                await _stream.ReadExactlyAsync(_headerBuffer, _closing.Token).ConfigureAwait(false);
                var header = FrameHeader.Read(_headerBuffer);
                if (header.Version != FrameHeader.ResponseVersion)
                {
                    // Not a v4 response: junk or a desynchronised stream. No later frame on it can be trusted either.
                    throw new CqlProtocolException($"Cassandra node {EndPoint} sent a frame with version byte 0x{header.Version:X2}, not a protocol v4 response (0x84).");
                }

                var body = new byte[header.BodyLength];
                await _stream.ReadExactlyAsync(body, _closing.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _framesReceived);
                if (header.Stream < 0) continue; // a server-pushed EVENT; this client registers for none

                Complete(header.Stream, new ResponseFrame(header, body));
            }
        }
        catch (Exception e)
        {
            Fail(e is CqlProtocolException or CqlConnectionException
                ? e
                : new CqlConnectionException($"Cassandra node {EndPoint}: the connection closed ({e.Message}).", e));
        }
    }

    private short TakeStream(TaskCompletionSource<ResponseFrame> response)
    {
        lock (_freeStreams)
        {
            var stream = _freeStreams.Pop();
            _pending[stream] = response;
            return stream;
        }
    }

    private void Complete(short stream, ResponseFrame frame)
    {
        TaskCompletionSource<ResponseFrame>? waiter;
        lock (_freeStreams)
        {
            if (stream >= _pending.Length || _pending[stream] is null)
            {
                throw new CqlProtocolException($"Cassandra node {EndPoint} answered on stream {stream}, which no request is using.");
            }

            waiter = _pending[stream];
        }

        // A waiter that timed out is already finished; this late answer only frees its stream id.
        if (!waiter!.TrySetResult(frame)) Interlocked.Decrement(ref _orphans);
        ReleaseStream(stream);
    }

    private void ReleaseStream(short stream)
    {
        lock (_freeStreams)
        {
            _pending[stream] = null;
            _freeStreams.Push(stream);
        }

        _streamSlots.Release();
    }

    private void Fail(Exception failure)
    {
        if (Interlocked.CompareExchange(ref _failure, failure, null) is not null) return;
        _closing.Cancel();
        TaskCompletionSource<ResponseFrame>?[] waiting;
        lock (_freeStreams)
        {
            waiting = _pending.Where(p => p is not null).ToArray();
        }

        var error = failure as CqlConnectionException ?? new CqlConnectionException(failure.Message, failure);
        foreach (var waiter in waiting) waiter!.TrySetException(error);
        _client.Dispose();
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw failure as CqlConnectionException ?? new CqlConnectionException($"Cassandra node {EndPoint}: the connection is closed ({failure.Message}).", failure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new CqlConnectionException($"Cassandra node {EndPoint}: the connection was closed by the client."));
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The loop ends by failing; Fail has already recorded why.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);

        // The semaphores and the closing token stay undisposed on purpose: requests still holding this connection
        // may touch them after it closed (and must then see "closed", not ObjectDisposedException). They hold no
        // unmanaged resource, since their wait handles are never asked for.
    }

    private static async Task DisposeQuietlyAsync(CqlConnection? connection, TcpClient client)
    {
        if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
        client.Dispose();
    }

    private readonly record struct ResponseFrame(FrameHeader Header, byte[] Body);
}
