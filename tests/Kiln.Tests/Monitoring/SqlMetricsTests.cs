using Kiln.Testing;
using static Kiln.Functions;

namespace Kiln.Tests.Monitoring;

/// <summary>The SQL tab's per-operator metrics equal what the query really did: rows in, rows kept, rows grouped, rows spilled.</summary>
public sealed class SqlMetricsTests
{
    [Fact]
    public async Task A_filter_outputs_the_result_s_rows_and_its_input_the_scanned_rows()
    {
        await using var m = MonitoredSession.Start();
        var rows = m.Session.Range(0, 1000, 1, 4).Filter(Col("id") % 3 == 0).Collect();
        Assert.Equal(334, rows.Count);

        var execution = await m.GetAsync(m.AppPath("sql/0"));
        var nodes = SqlNodeMetrics.Parse(execution);
        Assert.Equal(334, nodes.Single(n => n.Name == "Filter").Rows);
        Assert.Equal(1000, nodes.Single(n => n.Name == "Range").Rows);
        var edges = execution.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("fromId").GetInt32(), e.GetProperty("toId").GetInt32())).ToArray();
        Assert.Contains((nodes.Single(n => n.Name == "Range").NodeId, nodes.Single(n => n.Name == "Filter").NodeId), edges);
    }

    [Fact]
    public async Task An_aggregation_s_exchange_and_final_aggregate_carry_the_shuffled_and_grouped_rows()
    {
        await using var m = MonitoredSession.Start();
        var rows = m.Session.Range(0, 1000, 1, 4).GroupBy((Col("id") % 10).Alias("k")).Count().Collect();
        Assert.Equal(10, rows.Count);

        var stages = (await m.GetAsync(m.AppPath("stages"))).EnumerateArray().ToArray();
        var written = stages.Sum(s => s.GetProperty("shuffleWriteRecords").GetInt64());
        var nodes = SqlNodeMetrics.Parse(await m.GetAsync(m.AppPath("sql/0")));
        var aggregates = nodes.Where(n => n.Name == "HashAggregate").ToArray();
        Assert.Equal(2, aggregates.Length);
        Assert.Equal(10, aggregates[0].Rows);
        Assert.Equal(4 * 10, aggregates[1].Rows);
        var exchange = nodes.Single(n => n.Name.EndsWith("Exchange", StringComparison.Ordinal));
        Assert.Equal(written, exchange.Metrics["shuffle records written"]);
        Assert.Equal(4 * 10, exchange.Rows);
        Assert.Equal(stages.Sum(s => s.GetProperty("shuffleWriteBytes").GetInt64()), exchange.Metrics["shuffle bytes written"]);
        Assert.Equal(1000, nodes.Single(n => n.Name == "Range").Rows);
    }

    [Fact]
    public async Task A_sort_that_spills_shows_its_spill_on_its_node()
    {
        await using var m = MonitoredSession.Start(("kiln.task.memory", "256k"));
        var data = m.Session.Range(0, 100_000, 1, 2).Select((Col("id") * 7919 % 50_000).Alias("k"), Col("id"));
        var rows = data.OrderBy(Col("k").Desc()).Collect();
        Assert.Equal(100_000, rows.Count);
        Assert.True(m.Session.LastJobMetrics.SpillBytes > 0, "the sort should have spilled");

        var nodes = SqlNodeMetrics.Parse(await m.GetAsync(m.AppPath("sql/0")));
        var sort = nodes.Single(n => n.Name == "Sort");
        Assert.Equal(100_000, sort.Rows);
        Assert.Equal(m.Session.LastJobMetrics.SpillBytes, nodes.Sum(n => n.Metrics.GetValueOrDefault("spill size")));
        Assert.True(sort.Metrics.GetValueOrDefault("spill size") > 0, "the spill is the sort's");
    }

    [Fact]
    public async Task The_query_page_draws_the_plan_with_each_node_s_rows()
    {
        await using var m = MonitoredSession.Start();
        m.Session.Range(0, 100, 1, 2).Filter(Col("id") < 40).Collect();
        await m.SettledAsync();
        var page = await m.Http.GetStringAsync("SQL/execution/?id=0");
        Assert.Contains("<svg data-testid=\"plan-graph\"", page, StringComparison.Ordinal);
        Assert.Contains("data-node-name=\"Filter\"", page, StringComparison.Ordinal);
        Assert.Contains("number of output rows: 40", page, StringComparison.Ordinal);
        Assert.Contains("number of output rows: 100", page, StringComparison.Ordinal);
    }
}
