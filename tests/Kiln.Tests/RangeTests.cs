using static Kiln.Functions;

namespace Kiln.Tests;

/// <summary>session.Range checked against the values written out one by one, alone and under queries, under every <see cref="EngineConfig"/>.</summary>
public sealed class RangeTests
{
    /// <summary>start, start+step, ... before end, without overflow near the ends of long.</summary>
    private static long[] Expected(long start, long end, long step)
    {
        var values = new List<long>();
        for (Int128 v = start; step > 0 ? v < end : v > end; v += step)
        {
            values.Add((long)v);
        }

        return [.. values];
    }

    private static long[] Ids(DataFrame df) => df.Collect().Select(r => r.Get<long>(0)).ToArray();

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Ascending_ranges_hold_every_step_in_order(string config)
    {
        using var session = EngineConfig.Create(config);
        Assert.Equal(Expected(0, 1000, 1), Ids(session.Range(0, 1000)));
        Assert.Equal(Expected(0, 250, 1), Ids(session.Range(250)));
        Assert.Equal(Expected(-40, 1000, 7), Ids(session.Range(-40, 1000, 7)));
        Assert.Equal(Expected(3, 100, 10), Ids(session.Range(3, 100, 10, 4)));
        Assert.Equal(["id"], session.Range(5).Columns);
        Assert.False(session.Range(5).Schema[0].Nullable);
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Negative_steps_count_down(string config)
    {
        using var session = EngineConfig.Create(config);
        Assert.Equal([10L, 7, 4, 1, -2, -5, -8], Ids(session.Range(10, -10, -3)));
        Assert.Equal(Expected(1000, 0, -1), Ids(session.Range(1000, 0, -1)));
        Assert.Equal(Expected(500, -499, -13), Ids(session.Range(500, -499, -13, 3)));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Empty_ranges_have_no_rows_but_a_global_aggregate_still_gives_one(string config)
    {
        using var session = EngineConfig.Create(config);
        foreach (var empty in new[] { session.Range(5, 5), session.Range(10, 0), session.Range(0, 10, -1), session.Range(0, 0, 1, 4), session.Range(0) })
        {
            Assert.Equal(0, empty.Count());
            Assert.Empty(empty.Collect());
            Assert.Equal(["[0,null,null]"], Rows.Of(empty.Agg(Count().Alias("n"), Sum(Col("id")).Alias("s"), Max(Col("id")).Alias("m")).Collect()));
            Assert.Empty(empty.Select((Col("id") % Lit(2)).Alias("k")).GroupBy("k").Count().Collect());
        }
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Ranges_reach_the_ends_of_long_without_overflowing(string config)
    {
        using var session = EngineConfig.Create(config);
        Assert.Equal(Expected(long.MaxValue - 10, long.MaxValue, 1), Ids(session.Range(long.MaxValue - 10, long.MaxValue)));
        Assert.Equal(Expected(long.MaxValue - 10, long.MaxValue, 3), Ids(session.Range(long.MaxValue - 10, long.MaxValue, 3)));
        Assert.Equal(Expected(long.MinValue, long.MinValue + 10, 4), Ids(session.Range(long.MinValue, long.MinValue + 10, 4)));
        Assert.Equal(Expected(long.MinValue + 5, long.MinValue, -2), Ids(session.Range(long.MinValue + 5, long.MinValue, -2)));
        Assert.Equal([long.MaxValue, -1L], Ids(session.Range(long.MaxValue, long.MinValue, long.MinValue)));
        Assert.Equal([long.MinValue, -1L, long.MaxValue - 1], Ids(session.Range(long.MinValue, long.MaxValue, long.MaxValue, 2)));
        Assert.Equal([long.MinValue, long.MinValue + 1, long.MinValue + 2], Ids(session.Range(long.MinValue, long.MaxValue, 1, 1).Limit(3)));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void More_partitions_than_values_leave_some_partitions_empty(string config)
    {
        using var session = EngineConfig.Create(config);
        var df = session.Range(0, 3, 1, 10);
        Assert.Equal([0L, 1, 2], Ids(df));
        Assert.Equal(3, df.Count());
        Assert.Equal(["[3,3]"], Rows.Of(df.Agg(Count(), Sum(Col("id"))).Collect()));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Each_partition_generates_one_contiguous_slice_of_nearly_equal_size(string config)
    {
        using var session = EngineConfig.Create(config);
        var partitionOf = Udf((long _) => TaskInfo.Current!.Partition);
        var rows = session.Range(0, 10, 1, 3).Select(Col("id"), partitionOf(Col("id")).Alias("p")).Collect();

        // Of n values over p partitions, partition i holds [i*n/p, (i+1)*n/p).
        Assert.Equal(["[0,0]", "[1,0]", "[2,0]", "[3,1]", "[4,1]", "[5,1]", "[6,2]", "[7,2]", "[8,2]", "[9,2]"], Rows.Sorted(rows));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Ranges_filter_aggregate_join_and_sort_as_their_values_do(string config)
    {
        using var session = EngineConfig.Create(config);
        var values = Expected(-300, 3000, 7);
        var range = session.Range(-300, 3000, 7);

        Assert.Equal(values.Where(v => v % 3 == 0).ToArray(), Ids(range.Where(Col("id") % Lit(3) == 0)).Order().ToArray());

        var groups = range.Select((Col("id") % Lit(5)).Alias("k"), Col("id")).GroupBy("k").Agg(Count().Alias("n"), Sum(Col("id")).Alias("s")).Collect();
        var expectedGroups = values.GroupBy(v => v % 5).Select(g => new object?[] { g.Key, (long)g.Count(), g.Sum() });
        Assert.Equal(Rows.Sorted(expectedGroups), Rows.Sorted(groups));

        var other = session.Range(2000, -100, -3, 3).WithColumnRenamed("id", "j");
        var joined = range.Join(other, range["id"] == other["j"], "inner").Select(Col("id")).Collect();
        var expectedJoin = values.Intersect(Expected(2000, -100, -3)).Select(v => new object?[] { v });
        Assert.Equal(Rows.Sorted(expectedJoin), Rows.Sorted(joined));

        Assert.Equal(values.OrderDescending().ToArray(), Ids(range.OrderBy(Col("id").Desc())));
        Assert.Equal(values.OrderDescending().Take(5).ToArray(), Ids(range.OrderBy(Col("id").Desc()).Limit(5)));
        Assert.Equal([$"[{values.Length},{values.Min()},{values.Max()}]"], Rows.Of(range.Agg(Count(), Min(Col("id")), Max(Col("id"))).Collect()));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Huge_ranges_are_generated_lazily(string config)
    {
        using var session = EngineConfig.Create(config);

        // Materialized, these would be terabytes; generated per partition, a limit reads one batch of each.
        var trillions = session.Range(0, 2_000_000_000_000);
        Assert.Equal(5, trillions.Limit(5).Count());
        Assert.Equal([0L, 1, 2], Ids(session.Range(0, 2_000_000_000_000, 1, 1).Limit(3)));

        // Each of the 4 slices starts on a multiple of 5e11, so each partition's local limit stops at its first row.
        var sparse = session.Range(0, 2_000_000_000_000, 1, 4).Where(Col("id") % Lit(500_000_000_000L) == 0);
        var first = Assert.Single(Ids(sparse.Limit(1)));
        Assert.Equal(0, first % 500_000_000_000L);
        Assert.Equal(2_000_000, session.Range(0, 2_000_000_000_000, 1_000_000).Count());
    }

    [Fact]
    public void Explain_shows_the_bounds_and_partitions_and_no_rows()
    {
        using var session = EngineConfig.Create("partitioned");
        var text = session.Range(0, 1000, 1, 2).ExplainString();
        var physical = text[text.IndexOf("== Physical Plan ==", StringComparison.Ordinal)..];
        Assert.Contains("Range (0, 1000, step=1, partitions=2) [id]", text[..^physical.Length], StringComparison.Ordinal);
        Assert.Contains("Range (0, 1000, step=1, partitions=2)", physical, StringComparison.Ordinal);
        Assert.DoesNotContain("LocalTable", text, StringComparison.Ordinal);
        Assert.Contains("Range (0, 1000, step=1) [id]", session.Range(1000).ExplainString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Default_partitions_are_the_parallelism_but_at_most_one_per_batch()
    {
        using var session = EngineConfig.Create("partitioned");
        var p = session.DefaultParallelism;
        Assert.True(p >= 2, $"parallelism {p}");
        Assert.Contains("Range (0, 37, step=1, partitions=1)", session.Range(37).ExplainString(false), StringComparison.Ordinal);
        Assert.Contains("Range (0, 74, step=1, partitions=2)", session.Range(74).ExplainString(false), StringComparison.Ordinal);
        Assert.Contains($"Range (0, 1000000, step=1, partitions={p})", session.Range(1_000_000).ExplainString(false), StringComparison.Ordinal);
        Assert.Contains("Range (0, 0, step=1, partitions=1)", session.Range(0).ExplainString(false), StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_step_or_fewer_than_one_partition_is_refused()
    {
        using var session = EngineConfig.Create("single");
        var step = Assert.Throws<ArgumentOutOfRangeException>(() => session.Range(0, 10, 0));
        Assert.Equal("step", step.ParamName);
        Assert.Contains("must not be 0", step.Message, StringComparison.Ordinal);
        var partitions = Assert.Throws<ArgumentOutOfRangeException>(() => session.Range(0, 10, 1, 0));
        Assert.Equal("numPartitions", partitions.ParamName);
        Assert.Contains("at least 1 partition", partitions.Message, StringComparison.Ordinal);
    }
}
