using System.Security.Cryptography;
using System.Text;
using CacheSync.Stores.Cassandra;
using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Bench.Micro;

/// <summary>
/// Prepared statements as a Cassandra node would describe them after PREPARE: the built-in record table's upsert,
/// and a pair of named statements (a record and its lookup table) that the store sends as one logged batch.
/// </summary>
internal static class SampleStatements
{
    private const string Keyspace = "cachesync";

    /// <summary>The statement <c>RecordTable.WriteAsync</c> executes for every upsert and delete of an entity.</summary>
    public static PreparedStatement RecordUpsert()
    {
        const string query = $"UPDATE \"{Keyspace}\".\"{SamplePayloads.Entity}\" USING TIMESTAMP ? SET version = ?, data = ?, deleted = ?, replaced_data = ? WHERE key = ?";
        return Prepared(query, SamplePayloads.Entity,
            ("[timestamp]", CqlTypeCode.Bigint), ("version", CqlTypeCode.Bigint), ("data", CqlTypeCode.Varchar),
            ("deleted", CqlTypeCode.Boolean), ("replaced_data", CqlTypeCode.Varchar), ("key", CqlTypeCode.Varchar));
    }

    /// <summary>The record itself, with the whole data object in a text column beside the fields it is queried by.</summary>
    public static readonly NamedStatement ModelUpsert = NamedStatement.Parse(
        "INSERT INTO app.models (id, user_id, name, plan, doc) VALUES ({key}, {data.user_id}, {data.name}, {data.plan}, {data}) USING TIMESTAMP {version}",
        NamedStatementKind.Write);

    /// <summary>The lookup table that lists a user's models.</summary>
    public static readonly NamedStatement ModelsByUserUpsert = NamedStatement.Parse(
        "INSERT INTO app.models_by_user (user_id, id) VALUES ({data.user_id}, {key}) USING TIMESTAMP {version}",
        NamedStatementKind.Write);

    public static PreparedStatement PreparedModelUpsert() => Prepared(ModelUpsert.Cql, "models",
        ("id", CqlTypeCode.Varchar), ("user_id", CqlTypeCode.Varchar), ("name", CqlTypeCode.Varchar),
        ("plan", CqlTypeCode.Varchar), ("doc", CqlTypeCode.Varchar), ("[timestamp]", CqlTypeCode.Bigint));

    public static PreparedStatement PreparedModelsByUserUpsert() => Prepared(ModelsByUserUpsert.Cql, "models_by_user",
        ("user_id", CqlTypeCode.Varchar), ("id", CqlTypeCode.Varchar), ("[timestamp]", CqlTypeCode.Bigint));

    private static PreparedStatement Prepared(string query, string table, params (string Name, CqlTypeCode Type)[] variables)
    {
        var columns = variables.Select(v => new ColumnSpec(Keyspace, table, v.Name, CqlType.Of(v.Type))).ToArray();

        // Cassandra's prepared ids are the MD5 of the statement: 16 bytes, as in every EXECUTE and BATCH.
#pragma warning disable CA5351 // Not for security: the same digest Cassandra uses, for an id of the real length.
        var id = MD5.HashData(Encoding.UTF8.GetBytes(query));
#pragma warning restore CA5351
        return new PreparedStatement(query, id, new ResultMetadata(columns, null, []), ResultMetadata.Empty);
    }
}
