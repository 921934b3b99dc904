using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Testing;
using static Kiln.Functions;

namespace Kiln.Cluster.Tests;

/// <summary>
/// Per-operator metrics measured on executor processes travel back with each task's status and are summed by the
/// driver: the SQL REST answer carries the query's real row counts.
/// </summary>
public sealed class SqlMetricsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Operator_rows_measured_on_executors_equal_the_query_s_rows()
    {
        await using var session = FaultSessions.Builder("local-cluster[2,1,512]", _dir.File("local"))
            .Config("kiln.ui.port", "0")
            .Config("kiln.ui.host", "127.0.0.1")
            .Config("kiln.sql.shuffle.partitions", "2")
            .GetOrCreate();
        var kept = session.Range(0, 2000, 1, 4).Filter(Col("id") % 4 == 1);
        var rows = kept.GroupBy((Col("id") % 10).Alias("k")).Count().Collect();
        Assert.Equal(5, rows.Count);
        await session.Engine.Monitor!.Bus.FlushAsync();

        using var http = new HttpClient { BaseAddress = new Uri(session.UiWebUrl + "/") };
        var nodes = SqlNodeMetrics.Parse(await http.GetFromJsonAsync<JsonElement>($"api/v1/applications/{session.AppId}/sql/0"));
        Assert.Equal(2000, nodes.Single(n => n.Name == "Range").Rows);
        Assert.Equal(500, nodes.Single(n => n.Name == "Filter").Rows);
        var aggregates = nodes.Where(n => n.Name == "HashAggregate").ToArray();
        Assert.Equal(5, aggregates[0].Rows);
        var exchange = nodes.Single(n => n.Name.EndsWith("Exchange", StringComparison.Ordinal));
        Assert.Equal(aggregates[1].Rows, exchange.Metrics["shuffle records written"]);
        Assert.Equal(aggregates[1].Rows, exchange.Rows);
    }
}
