namespace CacheSync.Cli;

/// <summary>A failure the CLI reports as one line on stderr with its exit code, never as a stack trace.</summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message, Exception? innerException = null) : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
