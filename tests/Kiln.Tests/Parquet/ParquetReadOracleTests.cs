using Kiln.Common.Types;

namespace Kiln.Tests.Parquet;

/// <summary>
/// Kiln reads Parquet files that DuckDB writes (every type, nulls in every column, each codec, plain, dictionary and
/// delta encodings, several row groups) and gets DuckDB's rows over the same files.
/// </summary>
public sealed class ParquetReadOracleTests : ParquetFixture
{
    public static TheoryData<string, string> Files => new()
    {
        { "snappy", "V1" }, { "zstd", "V1" }, { "gzip", "V1" }, { "lz4_raw", "V1" }, { "uncompressed", "V1" },
        { "snappy", "V2" }, { "zstd", "V2" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_type_matches_DuckDB(string codec, string version)
    {
        var file = PathOf($"all-{codec}-{version}.parquet");
        DuckDbFiles.Write(DuckDbFiles.AllTypes(30_000), file, codec, rowGroupSize: 10_000, version);
        Assert.True(DuckDbFiles.RowGroups(file) >= 2, "the file should have several row groups");
        var encodings = DuckDbFiles.Encodings(file);
        Assert.Contains(version == "V1" ? "PLAIN" : "DELTA_BINARY_PACKED", encodings);
        Assert.Contains(version == "V1" ? "PLAIN_DICTIONARY" : "RLE_DICTIONARY", encodings);

        var df = Session.Read.Parquet(file);
        Assert.Equal(["int", .. DuckDbFiles.Columns.Select(c => c.KilnType)], df.Schema.Fields.Select(f => f.Type.ToString()));
        var expected = DuckDb.Query($"SELECT * FROM read_parquet({DuckDb.Text(file)}) ORDER BY id");
        var frame = df.OrderBy("id");
        Oracle.Equal(expected, frame.Collect(), frame.Schema);
    }

    [Fact]
    public void Sql_over_a_path_matches_DuckDB()
    {
        var file = PathOf("all.parquet");
        DuckDbFiles.Write(DuckDbFiles.AllTypes(20_000), file, rowGroupSize: 4096);
        const string Query = "SELECT cat, count(*) AS n, sum(i64) AS s64, min(s) AS smin, max(dt) AS dmax, sum(dec_l) AS dl, count(ts_tz) AS nts " +
            "FROM {0} WHERE i8 > -20 AND u32 < 3000000000 GROUP BY cat ORDER BY cat NULLS FIRST";
        var expected = DuckDb.Query(string.Format(System.Globalization.CultureInfo.InvariantCulture, Query, $"read_parquet({DuckDb.Text(file)})"));
        var frame = Session.Sql(string.Format(System.Globalization.CultureInfo.InvariantCulture, Query, $"parquet.`{file}`"));
        Oracle.Equal(expected, frame.Collect(), frame.Schema);
    }

    [Fact]
    public void A_directory_of_files_reads_as_one_table()
    {
        var dir = PathOf("table");
        Directory.CreateDirectory(dir);
        for (var part = 0; part < 3; part++)
        {
            DuckDbFiles.Write($"SELECT * FROM ({DuckDbFiles.AllTypes(3000)}) WHERE id % 3 = {part}", Path.Combine(dir, $"part-{part}.parquet"));
        }

        var expected = DuckDb.Query($"SELECT * FROM read_parquet({DuckDb.Text(dir + "/*.parquet")}) ORDER BY id");
        var frame = Session.Read.Parquet(dir).OrderBy("id");
        Oracle.Equal(expected, frame.Collect(), frame.Schema);
    }

    [Fact]
    public void Nested_columns_fail_only_when_read_and_name_the_column()
    {
        var file = PathOf("nested.parquet");
        DuckDb.Execute($"COPY (SELECT range::INTEGER AS id, {{'a': range, 'b': 'x'}} AS st, [range, range + 1] AS li FROM range(0, 10)) TO {DuckDb.Text(file)} (FORMAT parquet)");
        var df = Session.Read.Parquet(file);
        Assert.Equal(45L, df.Select("id").Collect().Sum(r => (long)(int)r[0]!));
        var e = Assert.ThrowsAny<Exception>(() => df.Select("li").Collect());
        var unsupported = Assert.IsType<DataSources.Errors.UnsupportedColumnTypeException>(e is Common.Errors.ExecutionException x ? x.InnerException : e);
        Assert.Equal("li", unsupported.Column);
        Assert.Contains("list", unsupported.FileType, StringComparison.Ordinal);
        Assert.Contains("nested.parquet", unsupported.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_with_different_schemas_need_mergeSchema()
    {
        var a = PathOf("m/a.parquet");
        var b = PathOf("m/b.parquet");
        Directory.CreateDirectory(PathOf("m"));
        DuckDb.Execute($"COPY (SELECT 1::INTEGER AS id, 'x' AS s) TO {DuckDb.Text(a)} (FORMAT parquet)");
        DuckDb.Execute($"COPY (SELECT 5000000000::BIGINT AS id, 2.5::DOUBLE AS d) TO {DuckDb.Text(b)} (FORMAT parquet)");
        var e = Assert.Throws<DataSources.Errors.SchemaMismatchException>(() => Session.Read.Parquet(PathOf("m")));
        Assert.Contains("mergeSchema", e.Message, StringComparison.Ordinal);

        var merged = Session.Read.Option("mergeSchema", "true").Parquet(PathOf("m"));
        Assert.Equal(Schema.ParseDdl("id bigint, s string, d double").Fields.Select(f => (f.Name, f.Type)), merged.Schema.Fields.Select(f => (f.Name, f.Type)));
        Assert.Equal(["[1,x,null]", "[5000000000,null,2.5]"], Rows.Sorted(merged.Collect()));
    }
}
