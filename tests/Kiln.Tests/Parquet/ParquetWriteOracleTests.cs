using Kiln.Common.Types;

namespace Kiln.Tests.Parquet;

/// <summary>Kiln writes Parquet (each codec, several files and row groups); DuckDB reads every file back with the same rows.</summary>
public sealed class ParquetWriteOracleTests : ParquetFixture
{
    private static readonly Schema WrittenSchema = Schema.ParseDdl(
        "id int, b boolean, i64 bigint, d double, dec_s decimal(5,2), dec_m decimal(15,3), dec_l decimal(30,4), dec_38 decimal(38,0), s string, dt date, ts timestamp");

    public static TheoryData<string> Codecs => new() { "snappy", "gzip", "zstd", "lz4_raw", "uncompressed" };

    /// <summary>Rows with nulls in every column but id, negative values, non-ASCII text and dates and times before 1970.</summary>
    private DataFrame Data(int count)
    {
        var rows = Enumerable.Range(0, count).Select(i => new object?[]
        {
            i,
            i % 13 == 1 ? null : i % 3 == 0,
            i % 13 == 2 ? null : (i * 1_000_003L) - 4_000_000_000L,
            i % 13 == 3 ? null : (i / 7.0) - 100,
            i % 13 == 4 ? null : ((i % 99_999) / 100m) - 500m,
            i % 13 == 5 ? null : (i * 1.125m) - 99_999m,
            i % 13 == 6 ? null : (i * 12_345_678_901.2345m) - 1m,
            i % 13 == 7 ? null : (i % 2 == 0 ? 1 : -1) * (decimal)(i * 1_000_000_007L) * 1_000_000_000_000m,
            i % 13 == 8 ? null : $"s{i}-{(i % 3 == 0 ? "zoë" : "łukasz")}",
            i % 13 == 9 ? null : new DateOnly(1960, 1, 1).AddDays(i % 30_000),
            i % 13 == 10 ? null : new DateTime(1965, 6, 15, 12, 0, 0, DateTimeKind.Utc).AddTicks(i * 1_000_003_370L),
        });
        return Session.CreateDataFrame(WrittenSchema, rows);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void DuckDB_reads_what_Kiln_writes(string codec)
    {
        var dir = PathOf($"out-{codec}");
        var data = Data(5000);
        var result = data.Write.Option("compression", codec).Option("rowGroupSize", "700").Parquet(dir);
        Assert.NotEmpty(result.Files);
        Assert.All(result.Files, f => Assert.EndsWith(".parquet", f, StringComparison.Ordinal));

        var glob = DuckDb.Text(dir + "/*.parquet");
        var meta = DuckDb.Query($"SELECT DISTINCT compression FROM parquet_metadata({glob})");
        Assert.Equal([codec == "lz4_raw" ? "LZ4_RAW" : codec.ToUpperInvariant()], meta.Rows!.Select(r => r[0]));
        Assert.True(int.Parse(DuckDb.Query($"SELECT count(DISTINCT (file_name, row_group_id)) FROM parquet_metadata({glob})").Rows![0][0]!, System.Globalization.CultureInfo.InvariantCulture) >= 8);

        var expected = DuckDb.Query($"SELECT * FROM read_parquet({glob}) ORDER BY id");
        Assert.Equal(["INTEGER", "BOOLEAN", "BIGINT", "DOUBLE", "DECIMAL(5,2)", "DECIMAL(15,3)", "DECIMAL(30,4)", "DECIMAL(38,0)", "VARCHAR", "DATE", "TIMESTAMP WITH TIME ZONE"], expected.Types!);
        var frame = data.OrderBy("id");
        Oracle.Equal(expected, frame.Collect(), frame.Schema);

        var back = Session.Read.Parquet(dir).OrderBy("id");
        Assert.Equal(Rows.Of(frame.Collect()), Rows.Of(back.Collect()));
    }

    [Fact]
    public void Format_parquet_and_sql_read_back_an_empty_result()
    {
        var dir = PathOf("empty");
        Data(10).Filter(Functions.Col("id") < 0).Write.Format("parquet").Save(dir);
        var expected = DuckDb.Query($"SELECT count(*) AS n FROM read_parquet({DuckDb.Text(dir + "/*.parquet")})");
        Assert.Equal("0", expected.Rows![0][0]);
        Assert.Equal(0L, Session.Sql($"SELECT count(*) FROM parquet.`{dir}`").Collect()[0][0]);
        Assert.Equal(WrittenSchema.Names, Session.Read.Parquet(dir).Schema.Names);
    }

    [Fact]
    public void An_unknown_codec_is_refused_with_the_choices()
    {
        var e = Assert.ThrowsAny<Exception>(() => Data(10).Write.Option("compression", "lzo").Parquet(PathOf("bad")));
        Assert.Contains("snappy", (e.InnerException ?? e).Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(PathOf("bad")) && Directory.EnumerateFiles(PathOf("bad"), "*.parquet", SearchOption.AllDirectories).Any());
    }
}
