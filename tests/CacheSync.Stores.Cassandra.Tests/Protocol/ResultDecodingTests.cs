using CacheSync.Stores.Cassandra.Cql;
using static CacheSync.Stores.Cassandra.Tests.Protocol.Wire;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>RESULT (§4.2.5): an [int] kind, then Void, Rows, Set_keyspace, Prepared or Schema_change.</summary>
public class ResultDecodingTests
{
    private static T Result<T>(params string[] body) where T : CqlResponse
    {
        var response = Decode(Opcode.Result, Hex(body));
        Assert.That(response, Is.TypeOf<T>());
        return (T)response;
    }

    private static void AssertColumn(ColumnSpec column, string keyspace, string table, string name, CqlTypeCode code)
    {
        Assert.That(column.Keyspace, Is.EqualTo(keyspace));
        Assert.That(column.Table, Is.EqualTo(table));
        Assert.That(column.Name, Is.EqualTo(name));
        Assert.That(column.Type.Code, Is.EqualTo(code));
    }

    [Test]
    public void Void_is_kind_1_with_nothing_after()
    {
        Result<VoidResult>("00 00 00 01");
    }

    [Test]
    public void Rows_with_a_global_table_spec_and_a_null_cell()
    {
        var rows = Result<RowsResult>(
            "00 00 00 02",                    // kind: Rows
            "00 00 00 01",                    // <flags>: Global_tables_spec
            "00 00 00 02",                    // <columns_count> = 2
            "00 02", Ascii("ks"),             // <global_table_spec> keyspace
            "00 01", Ascii("t"),              //                     table
            "00 01", Ascii("k"), "00 0D",     // <col_spec_1> "k" varchar
            "00 01", Ascii("v"), "00 09",     // <col_spec_2> "v" int
            "00 00 00 02",                    // <rows_count> = 2
            "00 00 00 01", Ascii("a"),        // row 1: k = "a"
            "00 00 00 04", "00 00 00 07",     //        v = 7
            "00 00 00 01", Ascii("b"),        // row 2: k = "b"
            "FF FF FF FF");                   //        v = null

        Assert.That(rows.Metadata.Columns, Has.Count.EqualTo(2));
        AssertColumn(rows.Metadata.Columns[0], "ks", "t", "k", CqlTypeCode.Varchar);
        AssertColumn(rows.Metadata.Columns[1], "ks", "t", "v", CqlTypeCode.Int);
        Assert.That(rows.Metadata.PagingState, Is.Null);
        Assert.That(rows.Rows, Has.Count.EqualTo(2));
        Assert.That(rows.Rows[0]["k"], Is.EqualTo("a"));
        Assert.That(rows.Rows[0]["v"], Is.EqualTo(7));
        Assert.That(rows.Rows[1][0], Is.EqualTo("b"));
        Assert.That(rows.Rows[1].Raw(1), Is.Null);
        Assert.That(rows.Rows[1]["v"], Is.Null);
    }

    [Test]
    public void Rows_with_a_table_spec_per_column()
    {
        var rows = Result<RowsResult>(
            "00 00 00 02",                    // Rows
            "00 00 00 00",                    // <flags>: none, so each column names its keyspace and table
            "00 00 00 02",                    // 2 columns
            "00 02", Ascii("k1"), "00 02", Ascii("t1"), "00 01", Ascii("a"), "00 02",           // k1.t1.a bigint
            "00 02", Ascii("k2"), "00 02", Ascii("t2"), "00 01", Ascii("b"), "00 20", "00 0D",  // k2.t2.b list<varchar>
            "00 00 00 01",                    // 1 row
            "00 00 00 08", "00 00 00 00 00 00 00 2A",                         // a = 42
            "00 00 00 0C", "00 00 00 01", "00 00 00 04", Ascii("spec"));      // b = ["spec"]

        AssertColumn(rows.Metadata.Columns[0], "k1", "t1", "a", CqlTypeCode.Bigint);
        AssertColumn(rows.Metadata.Columns[1], "k2", "t2", "b", CqlTypeCode.List);
        Assert.That(rows.Metadata.Columns[1].Type.Elements.Single().Code, Is.EqualTo(CqlTypeCode.Varchar));
        Assert.That(rows.Rows.Single()["a"], Is.EqualTo(42L));
        Assert.That(rows.Rows.Single()["b"], Is.EqualTo(new object[] { "spec" }));
    }

    [Test]
    public void Rows_with_more_pages_carry_the_paging_state_before_the_column_specs()
    {
        var rows = Result<RowsResult>(
            "00 00 00 02",                    // Rows
            "00 00 00 03",                    // <flags>: Global_tables_spec | Has_more_pages
            "00 00 00 01",                    // 1 column
            "00 00 00 03", "0A 0B 0C",        // <paging_state> [bytes]
            "00 02", Ascii("ks"), "00 01", Ascii("t"),
            "00 01", Ascii("n"), "00 04",     // "n" boolean
            "00 00 00 01",                    // 1 row
            "00 00 00 01", "01");             // true

        Assert.That(rows.Metadata.PagingState, Is.EqualTo(new byte[] { 0x0A, 0x0B, 0x0C }));
        AssertColumn(rows.Metadata.Columns.Single(), "ks", "t", "n", CqlTypeCode.Boolean);
        Assert.That(rows.Rows.Single()["n"], Is.EqualTo(true));
    }

    [Test]
    public void Rows_with_no_rows()
    {
        var rows = Result<RowsResult>(
            "00 00 00 02", "00 00 00 01", "00 00 00 01",
            "00 02", Ascii("ks"), "00 01", Ascii("t"),
            "00 01", Ascii("k"), "00 0D",
            "00 00 00 00");                   // <rows_count> = 0

        Assert.That(rows.Rows, Is.Empty);
        Assert.That(rows.Metadata.Columns, Has.Count.EqualTo(1));
    }

    [Test]
    public void Rows_with_no_metadata_carry_the_paging_state()
    {
        // §4.2.5.2 No_metadata: <metadata> is only <flags><columns_count>[<paging_state>], no column spec follows.
        var rows = Result<RowsResult>(
            "00 00 00 02",                    // Rows
            "00 00 00 06",                    // <flags>: Has_more_pages | No_metadata
            "00 00 00 03",                    // <columns_count> = 3
            "00 00 00 01", "FF",              // <paging_state>
            "00 00 00 00");                   // <rows_count> = 0

        Assert.That(rows.Rows, Is.Empty);
        Assert.That(rows.Metadata.PagingState, Is.EqualTo(new byte[] { 0xFF }));
    }

    [Test]
    public void An_empty_page_of_a_wide_no_metadata_result_is_valid()
    {
        // The columns_count of a No_metadata result counts columns of the rows, not bytes of metadata that follow:
        // five columns and zero rows leave only the 4-byte <rows_count> in the body, and that is a valid frame.
        var rows = Result<RowsResult>(
            "00 00 00 02",                    // Rows
            "00 00 00 04",                    // <flags>: No_metadata
            "00 00 00 05",                    // <columns_count> = 5
            "00 00 00 00");                   // <rows_count> = 0

        Assert.That(rows.Rows, Is.Empty);
        Assert.That(rows.Metadata.PagingState, Is.Null);
    }

    [Test]
    public void Set_keyspace_is_kind_3_with_a_string()
    {
        var result = Result<SetKeyspaceResult>("00 00 00 03", "00 09", Ascii("cachesync"));

        Assert.That(result.Keyspace, Is.EqualTo("cachesync"));
    }

    [Test]
    public void Prepared_has_id_bind_metadata_with_pk_indexes_and_result_metadata()
    {
        var prepared = Result<PreparedResult>(
            "00 00 00 04",                    // kind: Prepared
            "00 04", "01 02 03 04",           // <id> [short bytes]
            // <metadata>
            "00 00 00 01",                    //   <flags>: Global_tables_spec
            "00 00 00 03",                    //   <columns_count> = 3 bind markers
            "00 00 00 02",                    //   <pk_count> = 2
            "00 02", "00 00",                 //   <pk_index_1> = 2, <pk_index_2> = 0 ([short]s)
            "00 02", Ascii("ks"), "00 01", Ascii("t"),
            "00 01", Ascii("a"), "00 0D",     //   "a" varchar
            "00 01", Ascii("b"), "00 02",     //   "b" bigint
            "00 01", Ascii("c"), "00 0C",     //   "c" uuid
            // <result_metadata>
            "00 00 00 01",                    //   <flags>: Global_tables_spec
            "00 00 00 01",                    //   1 column
            "00 02", Ascii("ks"), "00 01", Ascii("t"),
            "00 01", Ascii("d"), "00 0B");    //   "d" timestamp

        Assert.That(prepared.Id, Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(prepared.Variables.PartitionKeyIndexes, Is.EqualTo(new[] { 2, 0 }));
        Assert.That(prepared.Variables.Columns, Has.Count.EqualTo(3));
        AssertColumn(prepared.Variables.Columns[0], "ks", "t", "a", CqlTypeCode.Varchar);
        AssertColumn(prepared.Variables.Columns[1], "ks", "t", "b", CqlTypeCode.Bigint);
        AssertColumn(prepared.Variables.Columns[2], "ks", "t", "c", CqlTypeCode.Uuid);
        AssertColumn(prepared.Result.Columns.Single(), "ks", "t", "d", CqlTypeCode.Timestamp);
    }

    [Test]
    public void Prepared_for_a_write_has_empty_no_metadata_result_metadata()
    {
        var prepared = Result<PreparedResult>(
            "00 00 00 04",
            "00 01", "AA",                    // <id>
            "00 00 00 00",                    // <flags>: none -> per-column table specs
            "00 00 00 01",                    // 1 bind marker
            "00 00 00 00",                    // <pk_count> = 0
            "00 02", Ascii("ks"), "00 01", Ascii("t"), "00 01", Ascii("k"), "00 0D",
            "00 00 00 04",                    // <result_metadata> <flags>: No_metadata
            "00 00 00 00");                   //                   0 columns

        Assert.That(prepared.Variables.PartitionKeyIndexes, Is.Empty);
        AssertColumn(prepared.Variables.Columns.Single(), "ks", "t", "k", CqlTypeCode.Varchar);
        Assert.That(prepared.Result.Columns, Is.Empty);
    }

    [Test]
    public void Schema_change_of_a_keyspace_has_no_object_name()
    {
        var change = Result<SchemaChangeResult>(
            "00 00 00 05",                    // kind: Schema_change
            "00 07", Ascii("CREATED"),        // <change_type>
            "00 08", Ascii("KEYSPACE"),       // <target>
            "00 02", Ascii("ks"));            // <options>: the keyspace only

        Assert.That(change, Is.EqualTo(new SchemaChangeResult("CREATED", "KEYSPACE", "ks", null)));
    }

    [Test]
    public void Schema_change_of_a_table_names_keyspace_and_table()
    {
        var change = Result<SchemaChangeResult>(
            "00 00 00 05",
            "00 07", Ascii("UPDATED"),
            "00 05", Ascii("TABLE"),
            "00 02", Ascii("ks"),             // keyspace
            "00 05", Ascii("users"));         // table

        Assert.That(change, Is.EqualTo(new SchemaChangeResult("UPDATED", "TABLE", "ks", "users")));
    }

    [Test]
    public void Schema_change_of_a_type_names_keyspace_and_type()
    {
        var change = Result<SchemaChangeResult>(
            "00 00 00 05", "00 07", Ascii("DROPPED"), "00 04", Ascii("TYPE"), "00 02", Ascii("ks"), "00 04", Ascii("addr"));

        Assert.That(change, Is.EqualTo(new SchemaChangeResult("DROPPED", "TYPE", "ks", "addr")));
    }

    [Test]
    public void Schema_change_of_a_function_is_read_past_its_argument_types()
    {
        var change = Result<SchemaChangeResult>(
            "00 00 00 05",
            "00 07", Ascii("CREATED"),
            "00 08", Ascii("FUNCTION"),
            "00 02", Ascii("ks"),             // keyspace
            "00 03", Ascii("fun"),            // function name
            "00 02", "00 03", Ascii("int"), "00 04", Ascii("text")); // argument types [string list]

        Assert.That(change.Keyspace, Is.EqualTo("ks"));
        Assert.That(change.Name, Is.EqualTo("fun"));
    }
}
