using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Scheduler.Events;
using Kiln.Status.ExecutorLogs;
using Kiln.Testing;
using static Kiln.Functions;

namespace Kiln.Cluster.Tests;

/// <summary>
/// Monitoring on executor processes: while a job's tasks are held on two executors, the UI counts them active on
/// each and serves what the executors wrote; the driver exposes every executor's metrics (with the process counters
/// of its heartbeats) and a real Prometheus scrapes them with the job's numbers; after the executors are gone, the
/// history server still serves their stdout and stderr from beside the event log.
/// </summary>
public sealed class MonitoringTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string EventDir => _dir.File("events");

    private KilnSession Session() => FaultSessions.Builder("local-cluster[2,1,512]", _dir.File("local"))
        .Config("kiln.ui.port", "0")
        .Config("kiln.ui.host", "127.0.0.1")
        .Config("kiln.eventLog.enabled", "true")
        .Config("kiln.eventLog.dir", EventDir)
        .Config("kiln.sql.shuffle.partitions", "2")
        .GetOrCreate();

    /// <summary>
    /// 2,000 rows in two map tasks, each printing a marker and waiting at the gate on its first row (one per executor:
    /// each has one core), then counted by id % 10 over two reduce tasks.
    /// </summary>
    private static DataFrame HeldJob(KilnSession session, int port)
    {
        var hold = Udf((long x) =>
        {
            if (x % 1000 == 0)
            {
                Console.WriteLine($"task-marker {x}");
                Console.Error.WriteLine($"task-marker-on-stderr {x}");
                TaskGate.Block(port);
            }

            return x;
        });
        return session.Range(0, 2000, 1, 2).Select(hold(Col("id")).Alias("x")).GroupBy((Col("x") % 10).Alias("k")).Count();
    }

    private static void AssertCounts(IReadOnlyList<Row> rows)
    {
        Assert.Equal(10, rows.Count);
        Assert.All(rows, r => Assert.Equal(200L, r[1]));
    }

    private static string Logs(string dir, string stream) => string.Concat(
        Directory.Exists(dir) ? Directory.GetFiles(dir, "*." + stream).Select(f => ExecutorLogFiles.ReadTail(f, 1 << 20)?.Text) : []);

    [Fact]
    public async Task Executors_output_is_served_live_and_by_the_history_server_after_they_are_gone()
    {
        using var gate = new TaskGate();
        string appId;
        await using (var session = Session())
        {
            appId = session.AppId;
            using var http = new HttpClient { BaseAddress = new Uri(session.UiWebUrl + "/") };
            var logDir = ExecutorLogFiles.DirectoryFor(EventDir, appId);
            var job = Task.Run(() => HeldJob(session, gate.Port).Collect());
            await gate.WaitForAsync(2, Timeout);
            await session.Engine.Monitor!.Bus.FlushAsync();

            var executors = (await http.GetFromJsonAsync<JsonElement>($"api/v1/applications/{appId}/executors")).EnumerateArray().ToArray();
            Assert.Equal(["0", "1"], executors.Select(x => x.GetProperty("id").GetString()).Order());
            Assert.All(executors, x => Assert.Equal(1, x.GetProperty("activeTasks").GetInt32()));

            // The markers were written before the tasks reached the gate; the driver copies them as it reads the pipes.
            await ExecutorProcesses.WaitUntilAsync(() => Logs(logDir, "stdout").Contains("task-marker 0", StringComparison.Ordinal) && Logs(logDir, "stdout").Contains("task-marker 1000", StringComparison.Ordinal), Timeout, "the markers in the stdout files");
            var stdout = executors[0].GetProperty("executorLogs").GetProperty("stdout").GetString()!;
            Assert.StartsWith(session.UiWebUrl!, stdout, StringComparison.Ordinal);
            Assert.Contains("task-marker", await http.GetStringAsync(stdout), StringComparison.Ordinal);
            Assert.Contains("data-testid=\"log-1-stderr\"", await http.GetStringAsync("executors/"), StringComparison.Ordinal);

            gate.Release();
            AssertCounts(await job);
        }

        Assert.Empty(ExecutorProcesses.Of(appId));
        Assert.Contains("task-marker-on-stderr", Logs(ExecutorLogFiles.DirectoryFor(EventDir, appId), "stderr"), StringComparison.Ordinal);
        await using var history = await Ui.History.HistoryServer.StartAsync(EventDir, 0, new Common.Config.KilnConf(), CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri(history.Url + "/") };
        var page = await client.GetStringAsync($"history/{appId}/executors/");
        Assert.Contains("data-testid=\"log-0-stdout\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"log-1-stdout\"", page, StringComparison.Ordinal);
        var all = await client.GetStringAsync($"history/{appId}/executors/log/?id=0&stream=stdout") + await client.GetStringAsync($"history/{appId}/executors/log/?id=1&stream=stdout");
        Assert.Contains("task-marker 0", all, StringComparison.Ordinal);
        Assert.Contains("task-marker 1000", all, StringComparison.Ordinal);
        var rest = await client.GetFromJsonAsync<JsonElement>($"api/v1/applications/{appId}/allexecutors");
        var link = rest.EnumerateArray().Single(x => x.GetProperty("id").GetString() == "1").GetProperty("executorLogs").GetProperty("stderr").GetString()!;
        Assert.StartsWith($"{history.Url}/history/{appId}/executors/log/", link, StringComparison.Ordinal);
        Assert.Contains("task-marker-on-stderr", await client.GetStringAsync(link), StringComparison.Ordinal);
        Assert.Contains("No log was kept", await client.GetStringAsync($"history/{appId}/executors/log/?id=..%2F..&stream=stdout"), StringComparison.Ordinal);
    }

    /// <summary>Completes with the first heartbeat of an executor that has fetched shuffle bytes from another.</summary>
    private sealed class RemoteFetchWatch : IListenerEventSink
    {
        public TaskCompletionSource<ExecutorMetricsUpdated> Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnEvent(ListenerEvent listenerEvent)
        {
            if (listenerEvent is ExecutorMetricsUpdated { ShuffleRemoteBytesFetched: > 0 } m)
            {
                Seen.TrySetResult(m);
            }
        }
    }

    [Fact]
    public async Task A_real_prometheus_scrapes_the_driver_and_every_executor_with_the_job_s_numbers()
    {
        using var gate = new TaskGate();
        await using var session = Session();
        var target = new Uri(session.UiWebUrl!).Authority;
        await using var prometheus = await PrometheusServer.StartAsync(_dir.File("prometheus"), [("kiln-driver", target, "/metrics"), ("kiln-executors", target, "/metrics/executors/prometheus")]);
        var watch = new RemoteFetchWatch();
        session.Engine.Monitor!.Bus.Subscribe(watch);

        var job = Task.Run(() => HeldJob(session, gate.Port).Collect());
        await gate.WaitForAsync(2, Timeout);
        await prometheus.ExpectAsync("sum(kiln_executor_active_tasks)", 2, Timeout);
        await prometheus.ExpectAsync("count(kiln_executor_active_tasks == 1)", 2, Timeout);
        await prometheus.ExpectAsync("kiln_jobs_active", 1, Timeout);

        gate.Release();
        AssertCounts(await job);
        var fetched = await watch.Seen.Task.WaitAsync(Timeout);

        // Two map tasks and two reduce tasks, 2,000 input rows, 10 groups written by each map task.
        await prometheus.ExpectAsync("kiln_tasks_total{status=\"success\"}", 4, Timeout);
        await prometheus.ExpectAsync("sum(kiln_executor_tasks_total{status=\"success\"})", 4, Timeout);
        await prometheus.ExpectAsync("kiln_input_records_total", 2000, Timeout);
        await prometheus.ExpectAsync("sum(kiln_executor_input_records_total)", 2000, Timeout);
        await prometheus.ExpectAsync("kiln_shuffle_written_records_total", 20, Timeout);
        await prometheus.ExpectAsync("kiln_jobs_total{status=\"succeeded\"}", 1, Timeout);
        await prometheus.ExpectAsync("sum(kiln_executor_active_tasks)", 0, Timeout);
        await prometheus.ExpectAsync("kiln_task_duration_seconds_count", 4, Timeout);
        await prometheus.ExpectAsync($"kiln_executor_shuffle_remote_fetched_bytes_total{{executor_id=\"{fetched.ExecutorId}\"}} >= bool {fetched.ShuffleRemoteBytesFetched}", 1, Timeout);
        await prometheus.ExpectAsync("kiln_shuffle_remote_fetched_bytes_total > bool 0", 1, Timeout);
        await prometheus.ExpectAsync("count(kiln_executor_managed_memory_bytes > 0)", 2, Timeout);
        await prometheus.ExpectAsync("count(kiln_executor_gc_collections_total)", 2, Timeout);
    }
}
