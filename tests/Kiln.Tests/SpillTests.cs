using Kiln.Common.Types;
using static Kiln.Functions;

namespace Kiln.Tests;

/// <summary>Queries over data many times larger than the task memory budget complete, spill, and stay correct.</summary>
public sealed class SpillTests
{
    private const int RowCount = 120_000;

    private static KilnSession Session() => KilnSession.Builder().Master("local[2]")
        .Config("kiln.task.memory", "256k").Config("kiln.sql.shuffle.partitions", "2")
        .Config("kiln.sql.autoBroadcastJoinThreshold", "-1").GetOrCreate();

    private static IEnumerable<object?[]> Rows() =>
        Enumerable.Range(0, RowCount).Select(i => new object?[] { (long)i, (int)((i * 7919L) % 50_000), $"name-{i % 977}" });

    private static readonly Schema Schema = Schema.ParseDdl("id bigint, k int, name string");

    [Fact]
    public void Aggregation_with_many_groups_spills_and_matches()
    {
        using var session = Session();
        var df = session.CreateDataFrame(Schema, Rows());
        var actual = df.GroupBy("k").Agg(Count().Alias("n"), Sum(Col("id")).Alias("s"), Max(Col("name")).Alias("m")).Collect();
        Assert.True(session.LastJobMetrics.SpillCount > 0, "the aggregation should have spilled");
        var expected = Rows().GroupBy(r => (int)r[1]!).Select(g => new object?[]
        {
            g.Key, (long)g.Count(), g.Sum(r => (long)r[0]!), g.Select(r => (string)r[2]!).Max(StringComparer.Ordinal),
        });
        Assert.Equal(Kiln.Tests.Rows.Sorted(expected), Kiln.Tests.Rows.Sorted(actual));
    }

    [Fact]
    public void Sort_spills_and_keeps_the_total_order()
    {
        using var session = Session();
        var actual = session.CreateDataFrame(Schema, Rows()).OrderBy(Col("k").Desc(), Col("id")).Select("id").Collect();
        Assert.True(session.LastJobMetrics.SpillCount > 0, "the sort should have spilled");
        var expected = Rows().OrderByDescending(r => (int)r[1]!).ThenBy(r => (long)r[0]!).Select(r => new object?[] { r[0] });
        Assert.Equal(Kiln.Tests.Rows.Ordered(expected), Kiln.Tests.Rows.Of(actual));
    }

    [Fact]
    public void Join_with_a_large_build_side_spills_and_matches()
    {
        using var session = Session();
        var left = session.CreateDataFrame(Schema, Rows());
        var right = session.CreateDataFrame(Schema.ParseDdl("rk int, tag string"), Enumerable.Range(0, 60_000).Select(i => new object?[] { i, $"t{i}" }));
        var count = left.Join(right, left["k"] == right["rk"], "inner").Count();
        Assert.True(session.LastJobMetrics.SpillCount > 0, "the join build side should have spilled");
        Assert.Equal(Rows().Count(r => (int)r[1]! < 60_000), count);
    }
}
