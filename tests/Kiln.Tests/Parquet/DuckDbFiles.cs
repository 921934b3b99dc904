namespace Kiln.Tests.Parquet;

/// <summary>Parquet files written by DuckDB for the read tests: every type Kiln reads, each column null in some rows.</summary>
internal static class DuckDbFiles
{
    /// <summary>Column name, DuckDB expression over <c>i</c> (0 ..), and the Kiln type it must be read as.</summary>
    public static readonly (string Name, string Expr, string KilnType)[] Columns =
    [
        ("b", "i % 2 = 0", "boolean"),
        ("i8", "(i % 100 - 50)::TINYINT", "int"),
        ("i16", "((i * 3) % 60000 - 30000)::SMALLINT", "int"),
        ("i32", "((i * 7919) % 2000000 - 1000000)::INTEGER", "int"),
        ("i64", "(i * 1000003 - 5000000000)::BIGINT", "bigint"),
        ("u8", "(i % 250)::UTINYINT", "int"),
        ("u16", "(i % 65000)::USMALLINT", "int"),
        ("u32", "((i * 100000) % 4000000000)::UINTEGER", "bigint"),
        ("u64", "(18446744073709551615 - i)::UBIGINT", "decimal(20,0)"),
        ("f", "(i / 3.0)::FLOAT", "double"),
        ("d", "(i / 7.0 - 100)::DOUBLE", "double"),
        ("dec_s", "((i % 9999) / 100.0 - 50)::DECIMAL(4,2)", "decimal(4,2)"),
        ("dec_m", "(i * 1.25 - 10000)::DECIMAL(12,2)", "decimal(12,2)"),
        ("dec_l", "(i * 123456789.12345 - 5)::DECIMAL(30,5)", "decimal(30,5)"),
        ("dec_38", "(i * 1234567890123.5 - 7)::DECIMAL(38,10)", "decimal(38,10)"),
        ("s", "'str' || i", "string"),
        ("cat", "'cat' || (i % 10)", "string"),
        ("uni", "'ü€ł' || (i % 3)", "string"),
        ("bl", "('bin' || i)::BLOB", "string"),
        ("dt", "DATE '2020-01-01' + (i % 20000 - 10000)::INTEGER", "date"),
        ("ts", "TIMESTAMP '1965-06-15 12:00:00.123456' + INTERVAL (i * 100003) SECOND", "timestamp"),
        ("ts_ms", "(TIMESTAMP '1965-06-15 12:00:00.123' + INTERVAL (i * 100003) SECOND)::TIMESTAMP_MS", "timestamp"),
        ("ts_ns", "(TIMESTAMP '1965-06-15 12:00:00.123456' + INTERVAL (i * 100003) SECOND)::TIMESTAMP_NS", "timestamp"),
        ("ts_tz", "(TIMESTAMP '1965-06-15 12:00:00.123456' + INTERVAL (i * 100003) SECOND)::TIMESTAMPTZ", "timestamp"),
    ];

    /// <summary>A query of <paramref name="rows"/> rows: <c>id</c> (never null), then <see cref="Columns"/>, each null in every 11th row (at a different offset).</summary>
    public static string AllTypes(int rows) =>
        "SELECT i::INTEGER AS id, " +
        string.Join(", ", Columns.Select((c, k) => $"CASE WHEN (i + {k}) % 11 = 0 THEN NULL ELSE {c.Expr} END AS {c.Name}")) +
        $" FROM (SELECT range AS i FROM range(0, {rows}))";

    /// <summary>Writes a query's rows as one Parquet file.</summary>
    public static void Write(string query, string path, string codec = "snappy", int rowGroupSize = 122880, string version = "V1") =>
        DuckDb.Execute($"COPY ({query}) TO {DuckDb.Text(path)} (FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE {rowGroupSize}, PARQUET_VERSION {version})");

    /// <summary>The distinct encodings of the file's column chunks, as DuckDB reports them.</summary>
    public static string[] Encodings(string path) =>
        DuckDb.Query($"SELECT DISTINCT unnest(string_split(encodings, ', ')) AS e FROM parquet_metadata({DuckDb.Text(path)}) ORDER BY e").Rows!.Select(r => r[0]!).ToArray();

    public static int RowGroups(string path) =>
        int.Parse(DuckDb.Query($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({DuckDb.Text(path)})").Rows![0][0]!, System.Globalization.CultureInfo.InvariantCulture);
}
