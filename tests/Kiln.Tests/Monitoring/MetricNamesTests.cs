using System.Text.RegularExpressions;

namespace Kiln.Tests.Monitoring;

/// <summary>
/// The driver's and the executors' metrics follow Prometheus's naming conventions (counters end in _total, other
/// types never do, a unit suffix where there is a unit), and the executors' series carry the job's numbers per
/// executor_id.
/// </summary>
public sealed partial class MetricNamesTests
{
    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    private static readonly string[] Units = ["_seconds", "_bytes", "_total", "_count", "_sum", "_bucket"];

    [Fact]
    public async Task Names_follow_the_conventions_on_both_endpoints()
    {
        await using var m = MonitoredSession.Start();
        m.Session.Range(0, 1000, 1, 4).GroupBy((Functions.Col("id") % 10).Alias("k")).Count().Collect();
        await m.SettledAsync();
        foreach (var path in new[] { "metrics", "metrics/prometheus", "metrics/executors/prometheus" })
        {
            var text = await m.Http.GetStringAsync(path);
            var types = TypeLine().Matches(text).Select(x => (Name: x.Groups[1].Value, Type: x.Groups[2].Value)).ToArray();
            Assert.NotEmpty(types);
            foreach (var (name, type) in types)
            {
                Assert.StartsWith("kiln_", name, StringComparison.Ordinal);
                Assert.Matches("^[a-z_]+$", name);
                if (type == "counter")
                {
                    Assert.EndsWith("_total", name, StringComparison.Ordinal);
                }
                else
                {
                    Assert.False(name.EndsWith("_total", StringComparison.Ordinal), $"{name} is a {type} but ends in _total");
                }

                if (name.Contains("memory", StringComparison.Ordinal) || name.Contains("pause", StringComparison.Ordinal) || name.Contains("duration", StringComparison.Ordinal))
                {
                    Assert.Contains(Units, u => name.Contains(u, StringComparison.Ordinal));
                }
            }
        }
    }

    [Fact]
    public async Task Executor_series_carry_the_job_s_numbers_by_executor_id()
    {
        await using var m = MonitoredSession.Start();
        m.Session.Range(0, 1000, 1, 4).GroupBy((Functions.Col("id") % 10).Alias("k")).Count().Collect();
        await m.SettledAsync();
        var samples = PrometheusText.Parse(await m.Http.GetStringAsync("metrics/executors/prometheus"));
        Assert.Equal(7, samples["kiln_executor_tasks_total{executor_id=\"driver\",status=\"success\"}"]);
        Assert.Equal(1000, samples["kiln_executor_input_records_total{executor_id=\"driver\"}"]);
        Assert.Equal(0, samples["kiln_executor_active_tasks{executor_id=\"driver\"}"]);
        Assert.Equal(2, samples["kiln_executor_cores{executor_id=\"driver\"}"]);
        Assert.True(samples["kiln_executor_shuffle_written_bytes_total{executor_id=\"driver\"}"] > 0);
        Assert.True(samples["kiln_executor_managed_memory_bytes{executor_id=\"driver\"}"] > 0);
        Assert.True(samples.ContainsKey("kiln_executor_gc_pause_seconds_total{executor_id=\"driver\"}"));
        Assert.True(samples.ContainsKey("kiln_executor_gc_collections_total{executor_id=\"driver\"}"));
    }
}
