namespace CacheSync.Core.Storage;

/// <summary>
/// The store refuses this record for good (a field that cannot become its column's type, say): retrying the same
/// event would fail the same way, so the processor dead-letters it at once instead of spending a retry budget.
/// </summary>
public sealed class RecordRejectedException : Exception
{
    public RecordRejectedException(string message) : base(message)
    {
    }

    public RecordRejectedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public RecordRejectedException()
    {
    }
}
