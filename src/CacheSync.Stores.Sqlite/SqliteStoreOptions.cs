using System.ComponentModel.DataAnnotations;

namespace CacheSync.Stores.Sqlite;

/// <summary>The <c>CacheSync:Sqlite</c> section.</summary>
public sealed class SqliteStoreOptions
{
    public const string SectionName = "CacheSync:Sqlite";

    /// <summary>The database file; created with its tables on first use.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "cachesync.db";

    /// <summary>How long a writer waits for another writer's lock before the write fails (and is retried).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
