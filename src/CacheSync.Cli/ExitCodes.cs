namespace CacheSync.Cli;

/// <summary>The exit codes of <c>cachesync</c>, documented in the README ("Operating the DLQ").</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran, but some messages could not be handled (a replay or purge with failures).</summary>
    public const int PartialFailure = 1;

    /// <summary>The command line is wrong: an unknown option, a malformed filter, purge without --yes, an invalid event.</summary>
    public const int Usage = 2;

    /// <summary>RabbitMQ cannot be reached, or refused the credentials; for <c>cachesync health</c>, the worker's health endpoint cannot be reached.</summary>
    public const int BrokerUnavailable = 3;

    /// <summary>A queue the command needs does not exist.</summary>
    public const int QueueMissing = 4;

    /// <summary>What was asked for does not exist: no dead letter with that id, no policy for that entity.</summary>
    public const int NotFound = 5;

    /// <summary>Redis or the record store cannot be reached.</summary>
    public const int StoreUnavailable = 6;

    /// <summary><c>cachesync health</c>: the worker answered, and is not ready (a check failed).</summary>
    public const int Unhealthy = 7;

    /// <summary>Interrupted (Ctrl+C); whatever was in flight is back in its queue.</summary>
    public const int Cancelled = 130;
}
