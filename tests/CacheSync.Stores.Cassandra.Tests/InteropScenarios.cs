namespace CacheSync.Stores.Cassandra.Tests;

/// <summary>
/// The scenarios of node-driver/driver.js, statement for statement and value for value, so another client can replay
/// exactly what the DataStax Node.js driver did against the scripted peer and be compared byte for byte.
/// Keep in step with node-driver/driver.js. Types are CQL type names; consistencies are the v4 [consistency] shorts.
/// </summary>
public static class InteropScenarios
{
    // Scenario names (the second argument of driver.js).
    public const string Connect = "connect";
    public const string Auth = "auth";
    public const string PrepareExecute = "prepare-execute";
    public const string Query = "query";
    public const string Rows = "rows";
    public const string Batch = "batch";
    public const string Errors = "errors";
    public const string Schema = "schema";

    public const ushort ConsistencyOne = 0x0001;
    public const ushort ConsistencyLocalQuorum = 0x0006;
    public const ushort ConsistencyLocalSerial = 0x0009;
    public const ushort ConsistencyLocalOne = 0x000A;

    public const string Keyspace = "cachesync";
    public const string Table = "user_model";

    // ---- auth ----
    public const string AuthUser = "cachesync";
    public const string AuthPassword = "s3cret";

    // ---- prepare-execute (and batch) ----
    public const string Upsert =
        "INSERT INTO cachesync.user_model (key, version, data, deleted) VALUES (?, ?, ?, ?) USING TIMESTAMP ?";

    /// <summary>Bind variables of <see cref="Upsert"/> as Cassandra names them ("[timestamp]" for USING TIMESTAMP ?).</summary>
    public static readonly IReadOnlyList<(string Name, string Type)> UpsertBindVariables =
        [("key", "text"), ("version", "bigint"), ("data", "text"), ("deleted", "boolean"), ("[timestamp]", "bigint")];

    public static readonly IReadOnlyList<object?> UpsertValues = ["user:1", 42L, "{\"name\":\"Ada\"}", false, 1700000000000000L];

    public const ushort UpsertConsistency = ConsistencyLocalQuorum;

    // ---- query ----
    public const string SelectReleaseVersion = "SELECT release_version FROM system.local WHERE key = 'local'";
    public const ushort SelectReleaseVersionConsistency = ConsistencyOne;
    public const string ReleaseVersion = "4.1.3";

    public const string UpdateData = "UPDATE cachesync.user_model USING TIMESTAMP 7 SET data = ? WHERE key = ?";
    public static readonly IReadOnlyList<object?> UpdateDataValues = ["x", "user:2"];
    public static readonly IReadOnlyList<string> UpdateDataHints = ["text", "text"];
    public const ushort UpdateDataConsistency = ConsistencyLocalQuorum;
    public const ushort UpdateDataSerialConsistency = ConsistencyLocalSerial;
    public const long UpdateDataTimestamp = 1700000000000001L;

    // ---- rows ----
    public const string SelectRows =
        "SELECT key, version, data, deleted, payload, updated_at, id, count FROM cachesync.user_model WHERE key = ?";

    public static readonly IReadOnlyList<object?> SelectRowsValues = ["user:1"];

    public static readonly IReadOnlyList<(string Name, string Type)> SelectRowsColumns =
    [
        ("key", "text"), ("version", "bigint"), ("data", "text"), ("deleted", "boolean"),
        ("payload", "blob"), ("updated_at", "timestamp"), ("id", "uuid"), ("count", "int"),
    ];

    /// <summary>First row: version is 2^53 + 1 (not a double), updated_at is epoch milliseconds.</summary>
    public static readonly IReadOnlyList<object?> SelectRowsFirst =
    [
        "user:1", 9007199254740993L, "{\"name\":\"Ada\"}", true, new byte[] { 0x00, 0xff, 0x10 },
        DateTimeOffset.FromUnixTimeMilliseconds(1700000000123L), Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), -5,
    ];

    /// <summary>Second row: the key, then a null in every other column.</summary>
    public static readonly IReadOnlyList<object?> SelectRowsSecond = ["user:2", null, null, null, null, null, null, null];

    // ---- batch ----
    public static readonly IReadOnlyList<object?> BatchFirstValues = ["user:1", 1L, "{\"a\":1}", false, 1L];
    public static readonly IReadOnlyList<object?> BatchSecondValues = ["user:2", 2L, "{\"a\":2}", false, 2L];
    public const ushort BatchConsistency = ConsistencyLocalQuorum;

    // ---- errors ----

    /// <summary>Each table names the error the peer answers the EXECUTE with (syntax: the PREPARE, as Cassandra does).</summary>
    public static readonly IReadOnlyList<string> ErrorTables =
        ["unavailable", "overloaded", "bootstrapping", "write_timeout", "read_timeout", "syntax", "invalid", "unauthorized"];

    public const string CreateExistingTable = "CREATE TABLE cachesync.already_exists (key text PRIMARY KEY)";
    public const string UnpreparedInsert = "INSERT INTO cachesync.unprepared (key) VALUES (?)";
    public static readonly IReadOnlyList<object?> ErrorValues = ["k"];
    public const ushort ErrorConsistency = ConsistencyLocalQuorum;

    // ---- schema ----
    public const string CreateKeyspace =
        "CREATE KEYSPACE IF NOT EXISTS cachesync WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";

    public const string CreateTable =
        "CREATE TABLE IF NOT EXISTS cachesync.user_model (key text PRIMARY KEY, version bigint, data text, deleted boolean)";

    public const string UseKeyspace = "USE cachesync";

    public static string ErrorStatement(string table) => table == "read_timeout"
        ? $"SELECT key FROM cachesync.{table} WHERE key = ?"
        : $"INSERT INTO cachesync.{table} (key) VALUES (?)";
}
