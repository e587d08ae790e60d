namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// How a property rejects one case. Not an NUnit assertion: FsCheck must see the failure, report the case and the
/// seed, and stop; an NUnit assertion would also mark the test failed before FsCheck could say which case it was.
/// </summary>
internal sealed class PropertyViolation : Exception
{
    public PropertyViolation(string message) : base(message)
    {
    }

    public PropertyViolation()
    {
    }

    public PropertyViolation(string message, Exception innerException) : base(message, innerException)
    {
    }
}
