using Kiln.Common.Config;
using static Kiln.Functions;

namespace Kiln.Tests.Parquet;

/// <summary>
/// Reading only what a query needs: row groups whose statistics rule out the filter are skipped, only the projected
/// columns are decoded (both counted in task metrics and shown in EXPLAIN), and a file's row groups are spread over
/// several splits, each read exactly once.
/// </summary>
public sealed class ParquetPruningTests : ParquetFixture
{
    private const int RowGroups = 10;
    private const int RowsPerGroup = 1000;

    /// <summary>One file of ten row groups; id, and so k and s, rise with the row; n is null only in the last group.</summary>
    private string SortedFile()
    {
        var file = PathOf("sorted.parquet");
        var rows = Enumerable.Range(0, RowGroups * RowsPerGroup).Select(i => new object?[]
        {
            i, (long)i * 10, $"s{i:D5}", i >= (RowGroups - 1) * RowsPerGroup && i % 2 == 0 ? null : i * 0.5, i % 7, i % 3 == 0,
        });
        var df = Session.CreateDataFrame(Common.Types.Schema.ParseDdl("id int, k bigint, s string, n double, m int, flag boolean"), rows);
        df.Write.Option("rowGroupSize", RowsPerGroup.ToString(System.Globalization.CultureInfo.InvariantCulture)).Parquet(PathOf("sorted"));
        var written = Directory.GetFiles(PathOf("sorted"), "*.parquet");
        if (written.Length == 1)
        {
            File.Move(written[0], file);
            return file;
        }

        // Several tasks wrote parts: rewrite as one file (one task) so the row groups are known.
        var single = KilnSession.Builder().Master("local[1]").Config(ConfigKeys.ShowProgress.Key, "false").GetOrCreate();
        using (single)
        {
            single.CreateDataFrame(df.Schema, rows).Write.Option("rowGroupSize", RowsPerGroup.ToString(System.Globalization.CultureInfo.InvariantCulture)).Parquet(PathOf("single"));
        }

        File.Move(Directory.GetFiles(PathOf("single"), "*.parquet").Single(), file);
        return file;
    }

    public static TheoryData<string, long, int> Filters => new()
    {
        { "id >= 9500", 500, 1 },
        { "id = 4321", 1, 1 },
        { "id IN (5, 9999)", 2, 2 },
        { "id < 1500 AND k > 5000", 999, 2 },
        { "id < 100 OR id > 9899", 200, 2 },
        { "s = 's01234'", 1, 1 },
        { "s > 's08999'", 1000, 1 },
        { "n IS NULL", 500, 1 },
        { "k BETWEEN 20000 AND 29990", 1000, 1 },
        { "m = 3", 1429, RowGroups },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void Row_groups_are_skipped_by_their_statistics(string filter, long rows, int groupsRead)
    {
        var file = SortedFile();
        var df = Session.Sql($"SELECT count(*) FROM parquet.`{file}` WHERE {filter}");
        Assert.Equal(rows, df.Collect()[0][0]);
        Assert.Equal(groupsRead, Session.LastJobMetrics.RowGroupsRead);
        Assert.Equal(RowGroups - groupsRead, Session.LastJobMetrics.RowGroupsSkipped);
    }

    [Fact]
    public void Explain_shows_the_row_group_filter_and_the_columns_read()
    {
        var file = SortedFile();
        var plan = Session.Read.Parquet(file).Filter(Col("id") > 9000).Select("id", "s").ExplainString();
        Assert.Contains("Scan parquet [id, s]", plan, StringComparison.Ordinal);
        Assert.Contains("RowGroupFilter: id > 9000", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void A_two_column_query_decodes_two_columns()
    {
        var file = SortedFile();
        var sum = Session.Sql($"SELECT sum(k), max(s) FROM parquet.`{file}`").Collect()[0];
        Assert.Equal(499_950_000L, sum[0]);
        Assert.Equal("s09999", sum[1]);
        Assert.Equal(RowGroups, Session.LastJobMetrics.RowGroupsRead);
        Assert.Equal(2 * RowGroups, Session.LastJobMetrics.ColumnChunksRead);

        Session.Sql($"SELECT count(*) FROM parquet.`{file}`").Collect();
        Assert.True(Session.LastJobMetrics.ColumnChunksRead <= RowGroups, "count(*) decodes at most one column");
    }

    [Fact]
    public void A_large_file_is_split_at_row_group_boundaries_and_each_group_read_once()
    {
        var file = SortedFile();
        using var session = KilnSession.Builder().Master("local[2]").Config(ConfigKeys.ShowProgress.Key, "false")
            .Config(ConfigKeys.MaxPartitionBytes.Key, (new FileInfo(file).Length / 4).ToString(System.Globalization.CultureInfo.InvariantCulture)).GetOrCreate();
        var df = session.Read.Parquet(file);
        var plan = df.ExplainString();
        var splits = int.Parse(System.Text.RegularExpressions.Regex.Match(plan, @"splits=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(splits >= 4, plan);
        var ids = df.Select("id").Collect().Select(r => (int)r[0]!).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, RowGroups * RowsPerGroup), ids);
        Assert.Equal(RowGroups, session.LastJobMetrics.RowGroupsRead);
    }
}
