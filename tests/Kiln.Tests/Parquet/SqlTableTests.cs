using Kiln.Common.Errors;

namespace Kiln.Tests.Parquet;

/// <summary>SQL tables over Parquet files: <c>CREATE TABLE|VIEW ... USING parquet</c>, read back by Kiln and DuckDB.</summary>
public sealed class SqlTableTests : ParquetFixture
{
    public SqlTableTests() => Session.RegisterTempView("ids", Session.Range(0, 300));

    [Fact]
    public void Create_table_as_select_writes_partitioned_parquet_and_registers_it()
    {
        var path = PathOf("sales");
        Session.Sql($"CREATE TABLE sales USING parquet PARTITIONED BY (year) OPTIONS (path '{path}', compression 'zstd') AS " +
            "SELECT id, id % 3 + 2020 AS year, id * 2 AS twice FROM ids");
        Assert.True(Directory.Exists(Path.Combine(path, "year=2021")));
        var rows = Session.Sql("SELECT year, count(*), sum(twice) FROM sales WHERE year >= 2021 GROUP BY year ORDER BY year").Collect();
        Assert.Equal(["[2021,100,29900]", "[2022,100,30100]"], Rows.Of(rows));

        var duck = DuckDb.Query($"SELECT DISTINCT compression FROM parquet_metadata({DuckDb.Text(path + "/*/*.parquet")})");
        Assert.Equal(["ZSTD"], duck.Rows!.Select(r => r[0]));

        var e = Assert.Throws<AnalysisException>(() => Session.Sql($"CREATE TABLE sales USING parquet LOCATION '{path}' AS SELECT id FROM ids"));
        Assert.Contains("CREATE OR REPLACE TABLE", e.Message, StringComparison.Ordinal);
        Session.Sql($"CREATE OR REPLACE TABLE sales USING parquet LOCATION '{path}' AS SELECT id FROM ids WHERE id < 10");
        Assert.Equal(10L, Session.Sql("SELECT count(*) FROM sales").Collect()[0][0]);
    }

    [Fact]
    public void A_view_using_parquet_reads_existing_files()
    {
        var path = PathOf("existing");
        DuckDb.Execute($"COPY (SELECT range AS n, range % 2 = 0 AS even FROM range(0, 50)) TO {DuckDb.Text(path)} (FORMAT parquet, PARTITION_BY (even))");
        Session.Sql($"CREATE TEMPORARY VIEW numbers USING parquet OPTIONS (path '{path}')");
        Assert.Equal("[25,600]", Rows.Text(Session.Sql("SELECT count(*), sum(n) FROM numbers WHERE even").Collect()[0].Values));
    }

    [Fact]
    public void A_table_without_a_location_is_refused_with_the_fix()
    {
        var e = Assert.Throws<AnalysisException>(() => Session.Sql("CREATE TABLE t USING parquet AS SELECT id FROM ids"));
        Assert.Contains("OPTIONS (path '...')", e.Message, StringComparison.Ordinal);
    }
}
