using Kiln.Common.Errors;
using Kiln.Common.Types;
using static Kiln.Functions;

namespace Kiln.Tests;

/// <summary>Window functions through the DataFrame API (Window, WindowSpec, Column.Over), checked against LINQ.</summary>
public sealed class WindowFunctionTests
{
    private static readonly Schema Schema = Schema.ParseDdl("dept string, name string, salary int");

    private static readonly object?[][] Data =
    [
        ["eng", "ann", 100], ["eng", "bob", 120], ["eng", "cy", 120], ["eng", "dee", 90],
        ["ops", "eve", 80], ["ops", "fay", null], ["ops", "gus", 80], [null, "hal", 70],
    ];

    private static KilnSession Session() => KilnSession.Builder().Master("local[2]").Config("kiln.sql.shuffle.partitions", "3").GetOrCreate();

    [Fact]
    public void Ranking_and_offset_functions_over_a_window_spec()
    {
        using var session = Session();
        var df = session.CreateDataFrame(Schema, Data);
        var w = Window.PartitionBy("dept").OrderBy(Col("salary").Desc(), Col("name"));
        var rows = df.Select(
            Col("name"),
            RowNumber().Over(w).Alias("rn"),
            Rank().Over(Window.PartitionBy("dept").OrderBy(Col("salary").Desc())).Alias("rk"),
            DenseRank().Over(Window.PartitionBy("dept").OrderBy(Col("salary").Desc())).Alias("dr"),
            Lag(Col("name"), 1, "-").Over(w).Alias("prev"),
            Lead(Col("salary")).Over(w).Alias("next")).Collect();
        Assert.Equal(
            Rows.Sorted(new object?[][]
            {
                ["bob", 1, 1, 1, "-", 120], ["cy", 2, 1, 1, "bob", 100], ["ann", 3, 3, 2, "cy", 90], ["dee", 4, 4, 3, "ann", null],
                ["eve", 1, 1, 1, "-", 80], ["gus", 2, 1, 1, "eve", null], ["fay", 3, 3, 2, "gus", null], ["hal", 1, 1, 1, "-", null],
            }),
            Rows.Sorted(rows));
    }

    [Fact]
    public void Aggregates_over_running_sliding_and_whole_frames()
    {
        using var session = Session();
        var df = session.CreateDataFrame(Schema, Data).Filter(Col("dept") == "eng");
        var ordered = Window.PartitionBy("dept").OrderBy("salary", "name");
        var rows = df.Select(
            Col("name"),
            Sum(Col("salary")).Over(ordered.RowsBetween(Window.UnboundedPreceding, Window.CurrentRow)).Alias("running"),
            Max(Col("salary")).Over(ordered.RowsBetween(-1, 1)).Alias("near"),
            Count().Over(Window.PartitionBy("dept")).Alias("n"),
            Sum(Col("salary")).Over(Window.PartitionBy("dept").OrderBy("salary")).Alias("range_running"),
            Avg(Col("salary")).Over(Window.PartitionBy("dept").OrderBy("salary").RangeBetween(-10, 10)).Alias("close")).Collect();
        Assert.Equal(
            Rows.Sorted(new object?[][]
            {
                ["dee", 90L, 100, 4L, 90L, 95.0], ["ann", 190L, 120, 4L, 190L, 95.0], ["bob", 310L, 120, 4L, 430L, 120.0], ["cy", 430L, 120, 4L, 430L, 120.0],
            }),
            Rows.Sorted(rows));
    }

    [Fact]
    public void WithColumn_takes_a_window_and_the_default_order_frame_is_a_running_range()
    {
        using var session = Session();
        var df = session.CreateDataFrame(Schema, Data).Filter(Col("dept") == "ops");
        var rows = df.WithColumn("pr", PercentRank().Over(Window.OrderBy("salary")))
            .WithColumn("first", FirstValue(Col("name")).Over(Window.OrderBy("salary", "name")))
            .Select("name", "pr", "first").Collect();
        Assert.Equal(Rows.Sorted(new object?[][] { ["fay", 0.0, "fay"], ["eve", 0.5, "fay"], ["gus", 0.5, "fay"] }), Rows.Sorted(rows));
    }

    [Fact]
    public void A_window_function_without_a_window_is_refused()
    {
        using var session = Session();
        var df = session.CreateDataFrame(Schema, Data);
        var ex = Assert.Throws<AnalysisException>(() => df.Select(RowNumber()));
        Assert.Contains("row_number() needs a window", ex.Message, StringComparison.Ordinal);
    }
}
