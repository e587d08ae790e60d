namespace CacheSync.Stores.Cassandra;

/// <summary>
/// One table's named statements (<c>CacheSync:Cassandra:Statements:&lt;table&gt;</c>): the CQL the event service
/// itself runs, with placeholders the store binds from the event. The text comes from configuration only;
/// a message supplies values, never CQL.
/// </summary>
public sealed class CassandraStatementOptions
{
    /// <summary>Run on an upsert, in one logged batch when there are several (a record and its lookup tables, say).</summary>
    public IList<string> Upsert { get; } = [];

    /// <summary>Run on a delete; may use only {key} and {version}.</summary>
    public IList<string> Delete { get; } = [];

    /// <summary>Reads the record: binds only {key}, selects a bigint column named <c>version</c> and the data columns.</summary>
    public string? Read { get; set; }

    internal IEnumerable<string> Validate(string path)
    {
        if (!CassandraStoreOptions.IdentifierPattern().IsMatch(path[(path.LastIndexOf(':') + 1)..]))
        {
            yield return $"{path}: the table name must match {CassandraStoreOptions.IdentifierPattern()}.";
        }

        if (Upsert.Count == 0) yield return $"{path}:Upsert: give at least one statement.";
        if (Delete.Count == 0) yield return $"{path}:Delete: give at least one statement.";
        for (var i = 0; i < Upsert.Count; i++)
        {
            if (NamedStatement.Check(Upsert[i], NamedStatementKind.Write) is { } error) yield return $"{path}:Upsert:{i}: {error}";
        }

        for (var i = 0; i < Delete.Count; i++)
        {
            if (NamedStatement.Check(Delete[i], NamedStatementKind.Delete) is { } error) yield return $"{path}:Delete:{i}: {error}";
        }

        if (string.IsNullOrWhiteSpace(Read)) yield return $"{path}:Read: give the statement that reads a record by {{key}}.";
        else if (NamedStatement.Check(Read, NamedStatementKind.Read) is { } error) yield return $"{path}:Read: {error}";
    }
}
