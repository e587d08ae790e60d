namespace CacheSync.Stores.Sqlite;

/// <summary>The <c>CacheSync:Sqlite</c> section.</summary>
public sealed class SqliteStoreOptions
{
    public const string SectionName = "CacheSync:Sqlite";

    /// <summary>The database file, relative to the working directory unless absolute; created with its tables on first use.</summary>
    public string Path { get; set; } = "data/cachesync.db";

    /// <summary>How long a writer waits for another writer's lock before the write fails (and is retried).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) yield return $"{SectionName}:Path: must not be empty.";
        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{SectionName}:BusyTimeout: must be between 00:00:00 and 00:10:00, not {BusyTimeout}.";
        }
    }
}
