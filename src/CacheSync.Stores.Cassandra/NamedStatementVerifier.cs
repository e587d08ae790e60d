using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra;

/// <summary>
/// Checks a named statement against what the cluster says about it once prepared: one bind marker per
/// placeholder, a column type each placeholder can be bound to, and, for a read, a bigint <c>version</c> column.
/// Run at start-up for every statement, and again whenever a statement is prepared.
/// </summary>
internal static class NamedStatementVerifier
{
    private static readonly HashSet<CqlTypeCode> KeyTypes =
    [
        CqlTypeCode.Varchar, CqlTypeCode.Ascii, CqlTypeCode.Bigint, CqlTypeCode.Int, CqlTypeCode.Smallint, CqlTypeCode.Tinyint,
        CqlTypeCode.Varint, CqlTypeCode.Uuid, CqlTypeCode.Timeuuid, CqlTypeCode.Inet,
    ];

    private static readonly HashSet<CqlTypeCode> FieldTypes =
    [
        .. KeyTypes, CqlTypeCode.Boolean, CqlTypeCode.Double, CqlTypeCode.Float, CqlTypeCode.Timestamp, CqlTypeCode.Blob,
    ];

    public static IEnumerable<string> Problems(NamedStatement statement, NamedStatementKind kind, PreparedStatement prepared)
    {
        var columns = prepared.Variables.Columns;
        if (columns.Count != statement.Parameters.Count)
        {
            yield return $"has {statement.Parameters.Count} placeholders but Cassandra reports {columns.Count} bind markers.";
            yield break;
        }

        for (var i = 0; i < columns.Count; i++)
        {
            var parameter = statement.Parameters[i];
            var type = columns[i].Type;
            var allowed = parameter.Kind switch
            {
                StatementParameterKind.Key => KeyTypes.Contains(type.Code),
                StatementParameterKind.Version => type.Code == CqlTypeCode.Bigint,
                StatementParameterKind.Data => type.Code is CqlTypeCode.Varchar or CqlTypeCode.Ascii,
                _ => FieldTypes.Contains(type.Code),
            };
            if (!allowed) yield return $"{parameter.Name} cannot be bound to '{columns[i].Name}', a {type} column.";
        }

        if (kind == NamedStatementKind.Read && !prepared.Result.Columns.Any(c => c.Name == "version" && c.Type.Code == CqlTypeCode.Bigint))
        {
            yield return "must return a bigint column named version (e.g. WRITETIME(name) AS version).";
        }
    }
}
