using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CacheSync.Cli.Broker;

/// <summary>
/// One connection to RabbitMQ for one command, opened with messages an operator can act on: an unreachable
/// broker, refused credentials or a missing queue become a <see cref="CliException"/> with its exit code.
/// </summary>
internal sealed class BrokerSession : IAsyncDisposable
{
    private readonly IConnection _connection;

    private BrokerSession(IConnection connection, string display)
    {
        _connection = connection;
        Display = display;
    }

    public string Display { get; }

    public static async Task<BrokerSession> OpenAsync(CliSettings settings, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            ClientProvidedName = "cachesync-cli",
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
        try
        {
            factory.Uri = settings.RabbitMq;
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.Usage, $"--rabbitmq: {e.Message}", e);
        }

        try
        {
            return new BrokerSession(await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false), settings.BrokerDisplay);
        }
        catch (BrokerUnreachableException e) when (e.InnerException is AuthenticationFailureException or PossibleAuthenticationFailureException)
        {
            throw new CliException(ExitCodes.BrokerUnavailable, $"RabbitMQ at {settings.BrokerDisplay} refused the credentials of user '{factory.UserName}'.", e);
        }
        catch (Exception e) when (e is BrokerUnreachableException or AuthenticationFailureException or PossibleAuthenticationFailureException or IOException or OperationInterruptedException)
        {
            throw new CliException(ExitCodes.BrokerUnavailable, $"cannot reach RabbitMQ at {settings.BrokerDisplay}: {Innermost(e).Message}", e);
        }
    }

    public async Task<IChannel> ChannelAsync(bool confirms, CancellationToken cancellationToken) =>
        await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: confirms, publisherConfirmationTrackingEnabled: confirms),
            cancellationToken).ConfigureAwait(false);

    /// <summary>Messages ready in a queue; a missing queue is exit code 4, not a closed channel.</summary>
    public async Task<uint> DepthAsync(string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes its channel, so it gets one of its own.
        await using var channel = await ChannelAsync(confirms: false, cancellationToken).ConfigureAwait(false);
        try
        {
            var ok = await channel.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false);
            return ok.MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            throw new CliException(ExitCodes.QueueMissing, $"the queue '{queue}' does not exist on {Display}.", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationInterruptedException or AlreadyClosedException)
        {
            // Closing a connection the broker already dropped: nothing left to release.
        }

        _connection.Dispose();
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
