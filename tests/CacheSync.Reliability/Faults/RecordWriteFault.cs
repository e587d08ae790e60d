using CacheSync.Reliability.Accounting;

namespace CacheSync.Reliability.Faults;

/// <summary>
/// A store that fails some writes and takes the others: a BEFORE INSERT trigger aborts the write of any row listed
/// in <c>reliability_failing_writes</c> (table, key, version), so exactly those events' writes fail, on every
/// attempt, until the list is cleared. The worker sees an ordinary <c>SqliteException</c>, which it treats as
/// transient, as it would a corrupt page or a constraint a migration added.
/// </summary>
/// <remarks>Every store write is an <c>INSERT … ON CONFLICT DO UPDATE</c>, and BEFORE INSERT fires for each one, conflict or not.</remarks>
public static class RecordWriteFault
{
    private const string FailingWrites = "reliability_failing_writes";

    /// <summary>Installs the trigger on each table (created as the store would, if needed) and lists the writes to fail.</summary>
    public static void Arm(string sqlitePath, IEnumerable<(string Table, ScenarioEvent Event)> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        using var connection = RecordTables.Open(sqlitePath);
        RecordTables.Execute(connection, $"CREATE TABLE IF NOT EXISTS {FailingWrites} (tbl TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL);");
        foreach (var table in writes.Select(w => w.Table).Distinct(StringComparer.Ordinal))
        {
            RecordTables.Create(connection, table);
            RecordTables.Execute(connection, $"""
                CREATE TRIGGER IF NOT EXISTS "reliability_{table}_failing_write" BEFORE INSERT ON "{table}"
                WHEN EXISTS (SELECT 1 FROM {FailingWrites} WHERE tbl = '{table}' AND key = NEW.key AND version = NEW.version)
                BEGIN
                    SELECT RAISE(ABORT, 'injected fault: this record cannot be written');
                END;
                """);
        }

        foreach (var (table, e) in writes)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO {FailingWrites} (tbl, key, version) VALUES ($table, $key, $version)";
            insert.Parameters.AddWithValue("$table", table);
            insert.Parameters.AddWithValue("$key", e.Key);
            insert.Parameters.AddWithValue("$version", e.Version);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>The fault clears: every write succeeds again.</summary>
    public static void Clear(string sqlitePath)
    {
        using var connection = RecordTables.Open(sqlitePath);
        RecordTables.Execute(connection, $"DELETE FROM {FailingWrites};");
    }
}
