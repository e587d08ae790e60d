namespace CacheSync.Reliability.Accounting;

/// <summary>
/// Records every write that actually changed a record row, from inside SQLite: an AFTER INSERT and an AFTER
/// UPDATE trigger on each record table append (table, key, version, deleted) to <c>reliability_store_effects</c>.
/// </summary>
/// <remarks>
/// This is how "applied exactly once by effect" is measured, for an in-process worker and a separate process
/// alike. The trigger runs in the worker's own transaction, so its row commits if and only if the write does:
/// a worker killed with SIGKILL leaves no effect unrecorded and records none that did not happen, which no log
/// line can promise. A fenced write (an older or equal version: <c>ON CONFLICT … DO UPDATE … WHERE</c> false)
/// changes no row and fires no trigger. So a version written twice, or a version older than one already written,
/// shows up here as the failure it is.
/// </remarks>
public static class StoreEffectLog
{
    private const string EffectsTable = "reliability_store_effects";

    /// <summary>Creates the record tables and the triggers; call before the worker first opens the file.</summary>
    public static void Install(string sqlitePath, IEnumerable<string> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(sqlitePath))!);
        using var connection = RecordTables.Open(sqlitePath);
        RecordTables.Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS {EffectsTable} (
                seq     INTEGER PRIMARY KEY AUTOINCREMENT,
                tbl     TEXT    NOT NULL,
                key     TEXT    NOT NULL,
                version INTEGER NOT NULL,
                deleted INTEGER NOT NULL);
            """);
        foreach (var table in tables)
        {
            RecordTables.Create(connection, table);
            foreach (var verb in new[] { "INSERT", "UPDATE" })
            {
                RecordTables.Execute(connection, $"""
                    CREATE TRIGGER IF NOT EXISTS "reliability_{table}_after_{verb.ToLowerInvariant()}" AFTER {verb} ON "{table}"
                    BEGIN
                        INSERT INTO {EffectsTable} (tbl, key, version, deleted) VALUES ('{table}', NEW.key, NEW.version, NEW.deleted);
                    END;
                    """);
            }
        }
    }

    public static IReadOnlyList<StoreEffect> Read(string sqlitePath)
    {
        using var connection = RecordTables.Open(sqlitePath, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT seq, tbl, key, version, deleted FROM {EffectsTable} ORDER BY seq";
        using var reader = command.ExecuteReader();
        var effects = new List<StoreEffect>();
        while (reader.Read())
        {
            effects.Add(new StoreEffect(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4) != 0));
        }

        return effects;
    }

    public static long Count(string sqlitePath)
    {
        using var connection = RecordTables.Open(sqlitePath, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {EffectsTable}";
        return (long)command.ExecuteScalar()!;
    }
}
