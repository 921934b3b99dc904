using Kiln.Common.Config;
using Kiln.Common.Types;
using static Kiln.Functions;

namespace Kiln.Tests.Parquet;

/// <summary>
/// Hive-style partitioned tables: Kiln writes <c>col=value/</c> directories (nulls as __HIVE_DEFAULT_PARTITION__)
/// that DuckDB reads back; Kiln discovers the partition columns of tables DuckDB writes and prunes directories by
/// filters; dynamic partition overwrite replaces only the partitions written.
/// </summary>
public sealed class PartitionedTableTests : ParquetFixture
{
    private DataFrame Sales(int count, int yearOffset = 0) => Session.CreateDataFrame(
        Schema.ParseDdl("id int, region string, year int, amount decimal(10,2)"),
        Enumerable.Range(0, count).Select(i => new object?[]
        {
            i, i % 5 == 0 ? null : i % 2 == 0 ? "north" : "süd/ost", 2020 + yearOffset + (i % 3), (i * 1.5m) - 20m,
        }));

    [Fact]
    public void Kiln_writes_hive_directories_that_DuckDB_reads()
    {
        var dir = PathOf("sales");
        var result = Sales(600).Write.PartitionBy("region", "year").Parquet(dir);
        var directories = Directory.GetDirectories(dir, "*", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(dir, d).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        Assert.Contains("region=__HIVE_DEFAULT_PARTITION__/year=2021", directories);
        Assert.Contains("region=north/year=2020", directories);
        Assert.Contains("region=süd%2Fost/year=2022", directories);
        Assert.DoesNotContain(directories, d => d.Contains("_temporary", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(dir, "_SUCCESS")));
        Assert.All(result.Files, f => Assert.Matches(@"^region=[^/]+/year=\d+/part-\d{5}-[0-9a-f]+\.parquet$", f));

        var expected = DuckDb.Query($"SELECT id, region, year, amount FROM read_parquet({DuckDb.Text(dir + "/**/*.parquet")}, hive_partitioning = true) ORDER BY id");
        var frame = Sales(600).OrderBy("id");
        Oracle.Equal(expected, frame.Collect(), frame.Schema);

        var back = Session.Read.Parquet(dir);
        Assert.Equal(["id", "amount", "region", "year"], back.Schema.Names);
        Assert.Equal(DataType.Int32, back.Schema[back.Schema.IndexOf("year")].Type);
        Assert.Equal(Rows.Sorted(Sales(600).Select("id", "amount", "region", "year").Collect()), Rows.Sorted(back.Collect()));
    }

    [Fact]
    public void Kiln_discovers_and_prunes_partitions_DuckDB_writes()
    {
        var dir = PathOf("events");
        DuckDb.Execute($"COPY (SELECT range::INTEGER AS id, (range % 4)::INTEGER AS k, DATE '2024-01-01' + (range % 3)::INTEGER AS day, " +
            $"CASE WHEN range % 10 = 0 THEN NULL ELSE 'c' || (range % 2) END AS c, range * 0.5 AS v FROM range(0, 2400)) " +
            $"TO {DuckDb.Text(dir)} (FORMAT parquet, PARTITION_BY (k, day, c))");
        var df = Session.Read.Parquet(dir);
        Assert.Equal(["id", "v", "k", "day", "c"], df.Schema.Names);
        Assert.Equal(DataType.Int32, df.Schema[df.Schema.IndexOf("k")].Type);
        Assert.Equal(DataType.Date, df.Schema[df.Schema.IndexOf("day")].Type);
        Assert.Equal(DataType.String, df.Schema[df.Schema.IndexOf("c")].Type);

        const string Query = "SELECT k, day, c, count(*) AS n, sum(v) AS s FROM {0} WHERE k = 2 AND day >= DATE '2024-01-02' GROUP BY k, day, c ORDER BY k, day, c NULLS FIRST";
        var expected = DuckDb.Query(string.Format(System.Globalization.CultureInfo.InvariantCulture, Query, $"read_parquet({DuckDb.Text(dir + "/**/*.parquet")}, hive_partitioning = true)"));
        Session.RegisterTempView("events", df);
        var frame = Session.Sql(string.Format(System.Globalization.CultureInfo.InvariantCulture, Query, "events"));
        Oracle.Equal(expected, frame.Collect(), frame.Schema);

        var files = Directory.GetFiles(dir, "*.parquet", SearchOption.AllDirectories);
        var kept = files.Count(f => f.Contains("/k=2/", StringComparison.Ordinal) && !f.Contains("day=2024-01-01", StringComparison.Ordinal));
        Assert.Equal(kept, Session.LastJobMetrics.RowGroupsRead);
        Assert.True(kept < files.Length / 3, $"{kept} of {files.Length} files read");

        var nulls = Session.Sql("SELECT count(*) FROM events WHERE c IS NULL").Collect()[0][0];
        Assert.Equal(240L, nulls);
    }

    [Fact]
    public void Dynamic_overwrite_replaces_only_the_partitions_written()
    {
        var dir = PathOf("dyn");
        Sales(300).Write.PartitionBy("year").Parquet(dir);
        var conf = Session.Conf;
        conf.Set(ConfigKeys.PartitionOverwriteMode.Key, "dynamic");
        Sales(30, yearOffset: 2).Filter(Col("year") == 2022).Write.Mode("overwrite").PartitionBy("year").Parquet(dir);
        var years = Session.Read.Parquet(dir).GroupBy("year").Agg(Count(Lit(1)).Alias("n")).OrderBy("year").Collect();
        Assert.Equal(["[2020,100]", "[2021,100]", "[2022,10]"], Rows.Of(years));

        conf.Set(ConfigKeys.PartitionOverwriteMode.Key, "static");
        Sales(30, yearOffset: 2).Filter(Col("year") == 2022).Write.Mode("overwrite").PartitionBy("year").Parquet(dir);
        Assert.Equal(["[2022,10]"], Rows.Of(Session.Read.Parquet(dir).GroupBy("year").Agg(Count(Lit(1)).Alias("n")).Collect()));
    }

    [Fact]
    public void Partitioning_by_an_unknown_or_every_column_is_refused()
    {
        var e = Assert.Throws<Common.Errors.AnalysisException>(() => Sales(3).Write.PartitionBy("nope"));
        Assert.Contains("region", e.Message, StringComparison.Ordinal);
        Assert.Throws<Common.Errors.AnalysisException>(() => Sales(3).Select("year").Write.PartitionBy("year"));
    }
}
