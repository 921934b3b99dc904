using System.Text.Json;
using Kiln.Status;

namespace Kiln.Tests.Monitoring;

/// <summary>The REST API answers with the numbers of the job that really ran: tasks, records, rows.</summary>
public sealed class RestApiTests
{
    private static DataFrame GroupedRange(KilnSession session) =>
        session.Range(0, 1000, 1, 4).GroupBy((Functions.Col("id") % 10).Alias("k")).Count();

    [Fact]
    public async Task Jobs_stages_and_tasks_carry_the_job_s_real_numbers()
    {
        await using var m = MonitoredSession.Start();
        var rows = GroupedRange(m.Session).Collect();
        Assert.Equal(10, rows.Count);

        var apps = await m.GetAsync("api/v1/applications");
        Assert.Equal(m.Session.AppId, apps[0].GetProperty("id").GetString());

        var job = (await m.GetAsync(m.AppPath("jobs")))[0];
        Assert.Equal("SUCCEEDED", job.GetProperty("status").GetString());
        Assert.Equal(4 + 3, job.GetProperty("numTasks").GetInt32());
        Assert.Equal(4 + 3, job.GetProperty("numCompletedTasks").GetInt32());
        Assert.Equal(2, job.GetProperty("numCompletedStages").GetInt32());

        var stages = (await m.GetAsync(m.AppPath("stages"))).EnumerateArray().ToArray();
        var map = stages.Single(s => s.GetProperty("numTasks").GetInt32() == 4);
        var result = stages.Single(s => s.GetProperty("numTasks").GetInt32() == 3);
        Assert.Equal(1000, map.GetProperty("inputRecords").GetInt64());
        Assert.Equal(4 * 10, map.GetProperty("shuffleWriteRecords").GetInt64());
        Assert.True(map.GetProperty("shuffleWriteBytes").GetInt64() > 0);
        Assert.Equal(4 * 10, result.GetProperty("shuffleReadRecords").GetInt64());
        Assert.Equal(map.GetProperty("shuffleWriteBytes").GetInt64(), result.GetProperty("shuffleReadBytes").GetInt64());
        Assert.Equal(10, result.GetProperty("outputRecords").GetInt64());

        var mapId = map.GetProperty("stageId").GetInt32();
        var tasks = (await m.GetAsync(m.AppPath($"stages/{mapId}/0/taskList?length=100"))).EnumerateArray().ToArray();
        Assert.Equal([0, 1, 2, 3], tasks.Select(t => t.GetProperty("index").GetInt32()));
        Assert.All(tasks, t => Assert.Equal("SUCCESS", t.GetProperty("status").GetString()));
        Assert.Equal(1000, tasks.Sum(t => t.GetProperty("taskMetrics").GetProperty("inputMetrics").GetProperty("recordsRead").GetInt64()));
        Assert.All(tasks, t => Assert.Equal(250, t.GetProperty("taskMetrics").GetProperty("inputMetrics").GetProperty("recordsRead").GetInt64()));

        var executors = await m.GetAsync(m.AppPath("executors"));
        Assert.Equal("driver", executors[0].GetProperty("id").GetString());
        Assert.Equal(7, executors[0].GetProperty("completedTasks").GetInt32());

        var sql = (await m.GetAsync(m.AppPath("sql")))[0];
        Assert.Equal("COMPLETED", sql.GetProperty("status").GetString());
        Assert.Contains("HashAggregate", sql.GetProperty("planDescription").GetString(), StringComparison.Ordinal);
        Assert.Equal([job.GetProperty("jobId").GetInt32()], sql.GetProperty("successJobIds").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task Task_list_pages_and_sorts()
    {
        await using var m = MonitoredSession.Start();
        m.Session.Range(0, 100, 1, 7).Count();
        var stage = (await m.GetAsync(m.AppPath("stages"))).EnumerateArray().Last().GetProperty("stageId").GetInt32();
        var page = (await m.GetAsync(m.AppPath($"stages/{stage}/0/taskList?offset=2&length=3&sortBy=-ID"))).EnumerateArray().Select(t => t.GetProperty("taskId").GetInt64()).ToArray();
        var all = (await m.GetAsync(m.AppPath($"stages/{stage}/0/taskList?length=100"))).EnumerateArray().Select(t => t.GetProperty("taskId").GetInt64()).OrderDescending().ToArray();
        Assert.Equal(7, all.Length);
        Assert.Equal(all.Skip(2).Take(3), page);
    }

    [Fact]
    public async Task Environment_redacts_secrets_everywhere()
    {
        await using var m = MonitoredSession.Start(("kiln.app.name", "redaction-check"));
        var env = await m.GetAsync(m.AppPath("environment"));
        var properties = env.GetProperty("sparkProperties").EnumerateArray().ToDictionary(p => p[0].GetString()!, p => p[1].GetString());
        Assert.Equal(Redactor.Replacement, properties["kiln.authenticate.secret"]);
        Assert.Equal("redaction-check", properties["kiln.app.name"]);
        var page = await m.Http.GetStringAsync("environment/");
        Assert.DoesNotContain(MonitoredSession.Secret, page, StringComparison.Ordinal);
        await m.SettledAsync();
        var log = Directory.GetFiles(m.LogDir).Single();
        Assert.EndsWith(".inprogress", log, StringComparison.Ordinal);
        using (var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)))
        {
            Assert.DoesNotContain(MonitoredSession.Secret, await reader.ReadToEndAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_application_and_stage_are_not_found()
    {
        await using var m = MonitoredSession.Start();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await m.Http.GetAsync("api/v1/applications/nope/jobs")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await m.Http.GetAsync(m.AppPath("stages/999/0/taskList"))).StatusCode);
    }

    [Fact]
    public async Task Metrics_count_the_job_s_tasks_and_records_in_prometheus_text()
    {
        await using var m = MonitoredSession.Start();
        GroupedRange(m.Session).Collect();
        await m.SettledAsync();
        var samples = PrometheusText.Parse(await m.Http.GetStringAsync("metrics"));
        Assert.Equal(7, samples["kiln_tasks_total{status=\"success\"}"]);
        Assert.Equal(1, samples["kiln_jobs_total{status=\"succeeded\"}"]);
        Assert.Equal(1000, samples["kiln_input_records_total"]);
        Assert.Equal(40, samples["kiln_shuffle_written_records_total"]);
        Assert.Equal(40, samples["kiln_shuffle_read_records_total"]);
        Assert.Equal(7, samples["kiln_task_duration_seconds_count"]);
        Assert.Equal(1, samples["kiln_executors"]);
        Assert.Equal(0, samples["kiln_listener_events_dropped_total"]);
        Assert.True(samples["kiln_gc_pause_seconds_total"] >= 0);
    }

    [Fact]
    public async Task Pages_render_jobs_stages_tasks_executors_and_sql()
    {
        await using var m = MonitoredSession.Start();
        m.Session.RegisterTempView("t", m.Session.Range(0, 50, 1, 2));
        m.Session.Sql("SELECT id % 5 AS k, count(*) AS c FROM t GROUP BY id % 5").Collect();
        await m.SettledAsync();
        Assert.Contains("SELECT id % 5", await m.Http.GetStringAsync("jobs/"), StringComparison.Ordinal);
        var stages = await m.Http.GetStringAsync("stages/");
        Assert.Contains("data-testid=\"stages-table\"", stages, StringComparison.Ordinal);
        var stage = (await m.GetAsync(m.AppPath("stages"))).EnumerateArray().Last().GetProperty("stageId").GetInt32();
        var tasks = await m.Http.GetStringAsync($"stages/stage/?id={stage}&attempt=0&sort=duration&desc=true&pageSize=1");
        Assert.Contains("Page 1 of 2 (2 tasks)", tasks, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"task-quantiles\"", tasks, StringComparison.Ordinal);
        Assert.Contains("in process", await m.Http.GetStringAsync("executors/"), StringComparison.Ordinal);
        Assert.Contains("HashAggregate", await m.Http.GetStringAsync("SQL/execution/?id=0"), StringComparison.Ordinal);
    }
}
