namespace CacheSync.Core;

/// <summary>
/// A check made when the worker starts, against a live dependency, found configuration that cannot work (a named
/// statement the cluster reads differently from what its setting promises, say). Each failure names its setting;
/// the host reports them as it reports invalid settings, and exits.
/// </summary>
public sealed class StartupCheckException : Exception
{
    public StartupCheckException(IReadOnlyList<string> failures) : base(string.Join(Environment.NewLine, failures ?? []))
    {
        Failures = failures ?? [];
    }

    public StartupCheckException() : this([])
    {
    }

    public StartupCheckException(string message) : this([message])
    {
    }

    public StartupCheckException(string message, Exception innerException) : base(message, innerException)
    {
        Failures = [message];
    }

    public IReadOnlyList<string> Failures { get; }
}
