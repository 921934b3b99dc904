using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.TestSupport;

namespace Kiln.Cluster.Tests;

/// <summary>
/// Executors die or hang while a job runs (kill -9 during the map stage, kill -9 during shuffle reads, SIGSTOP) and
/// the job still returns exactly the rows a run without the fault returns. Tasks wait a little before they run
/// (kiln.test.taskDelay) so that the fault lands while they are in flight.
/// </summary>
public sealed class ExecutorFaultTests : IDisposable
{
    private const int Rows = 12_000;
    private readonly TempDir _dir = new();
    private readonly string _csv;

    public ExecutorFaultTests() => _csv = FaultSessions.WriteCsv(_dir.Path, Rows);

    public void Dispose() => _dir.Dispose();

    private KilnSession Session(string master, string taskDelay, params (string Key, string Value)[] extra)
    {
        var builder = FaultSessions.Builder(master, _dir.File("local"))
            .Config("kiln.files.maxPartitionBytes", "16k")
            .Config("kiln.sql.shuffle.partitions", "6")
            .Config("kiln.test.taskDelay", taskDelay);
        foreach (var (key, value) in extra)
        {
            builder.Config(key, value);
        }

        return builder.GetOrCreate();
    }

    [Fact]
    public void Killing_an_executor_during_the_map_stage_gives_the_exact_result()
    {
        var killed = 0;
        var pids = new Dictionary<string, int>();
        var watcher = new StageWatcher
        {
            // Once three map tasks are done, executor 0 holds map outputs and is running another map task.
            OnTasksEnded = (stage, ended) =>
            {
                if (stage == 0 && ended == 3 && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    ExecutorProcesses.Kill(pids["0"]);
                }
            },
        };
        using var session = Session("local-cluster[2,1,512]", "300ms");
        foreach (var (id, pid) in ExecutorProcesses.Of(session.AppId))
        {
            pids[id] = pid;
        }

        session.Listener = watcher;
        var actual = FaultSessions.Sorted(FaultSessions.GroupTotals(session, _csv).Collect());

        Assert.Equal(1, killed);
        Assert.Equal(FaultSessions.ExpectedGroupTotals(Rows), actual);
        var lost = Assert.Single(FaultSessions.Backend(session).Executors, e => e.Id == "0");
        Assert.Equal(ExecutorState.Lost, lost.State);
        Assert.Contains("killed by signal 9", lost.LossReason, StringComparison.Ordinal);
        Assert.Contains(FaultSessions.Backend(session).Executors, e => e.Id == "2" && e.State == ExecutorState.Active);
    }

    [Fact]
    public async Task Killing_an_executor_during_shuffle_reads_reruns_its_map_outputs_and_gives_the_exact_result()
    {
        var pids = new Dictionary<string, int>();
        Task? kill = null;
        var watcher = new StageWatcher
        {
            // The reduce stage starts; its tasks wait 400ms, then fetch, by which time executor 0 and its blocks are gone.
            OnSubmitted = stage =>
            {
                if (stage == 1)
                {
                    kill = Task.Run(async () =>
                    {
                        await Task.Delay(150);
                        ExecutorProcesses.Kill(pids["0"]);
                    });
                }
            },
        };
        using var session = Session("local-cluster[2,1,512]", "400ms");
        foreach (var (id, pid) in ExecutorProcesses.Of(session.AppId))
        {
            pids[id] = pid;
        }

        session.Listener = watcher;
        var actual = FaultSessions.Sorted(FaultSessions.GroupTotals(session, _csv).Collect());

        Assert.NotNull(kill);
        await kill;
        Assert.Equal(FaultSessions.ExpectedGroupTotals(Rows), actual);
        Assert.True(watcher.Failures > 0, "no task failed: the executor was killed too late to matter");
        Assert.False(ExecutorProcesses.IsAlive(pids["0"]));
    }

    [Fact]
    public void An_executor_that_stops_answering_is_lost_after_the_network_timeout()
    {
        var pids = new Dictionary<string, int>();
        var frozen = 0;
        var watcher = new StageWatcher
        {
            OnTasksEnded = (stage, ended) =>
            {
                if (stage == 0 && ended == 2 && Interlocked.Exchange(ref frozen, 1) == 0)
                {
                    Signals.Stop(pids["1"]);
                }
            },
        };
        using var session = Session("local-cluster[2,1,512]", "200ms", ("kiln.network.timeout", "3s"));
        foreach (var (id, pid) in ExecutorProcesses.Of(session.AppId))
        {
            pids[id] = pid;
        }

        session.Listener = watcher;
        try
        {
            var actual = FaultSessions.Sorted(FaultSessions.GroupTotals(session, _csv).Collect());
            Assert.Equal(FaultSessions.ExpectedGroupTotals(Rows), actual);
            var lost = Assert.Single(FaultSessions.Backend(session).Executors, e => e.Id == "1");
            Assert.Equal(ExecutorState.Lost, lost.State);
            Assert.Contains("no heartbeat", lost.LossReason, StringComparison.Ordinal);
        }
        finally
        {
            if (ExecutorProcesses.IsAlive(pids["1"]))
            {
                Signals.Continue(pids["1"]);
            }
        }
    }

    [Fact]
    public async Task When_more_executors_are_lost_than_allowed_the_job_fails_instead_of_waiting()
    {
        using var session = Session("local-cluster[1,1,256]", "30s", ("kiln.executor.maxFailures", "1"));
        var job = Task.Run(() => FaultSessions.GroupTotals(session, _csv).Collect());

        // The first loss is replaced; the replacement's loss is one too many.
        await ExecutorProcesses.WaitUntilAsync(() => ExecutorProcesses.Of(session.AppId).ContainsKey("0"), TimeSpan.FromSeconds(30), "executor 0");
        ExecutorProcesses.Kill(ExecutorProcesses.Of(session.AppId)["0"]);
        await ExecutorProcesses.WaitUntilAsync(() => FaultSessions.Backend(session).Executors.Any(e => e.Id == "1" && e.State == ExecutorState.Active), TimeSpan.FromSeconds(60), "replacement executor 1");
        ExecutorProcesses.Kill(ExecutorProcesses.Of(session.AppId)["1"]);

        var error = await Assert.ThrowsAsync<Common.Errors.ExecutionException>(() => job.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.IsType<NoExecutorsException>(error.InnerException);
        Assert.Contains("every executor of the application was lost (2 lost; kiln.executor.maxFailures allows 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_write_commits_exactly_one_attempt_per_partition_when_an_executor_is_killed()
    {
        var killed = 0;
        var pids = new Dictionary<string, int>();
        var watcher = new StageWatcher
        {
            OnTasksEnded = (stage, ended) =>
            {
                if (ended == 3 && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    ExecutorProcesses.Kill(pids["0"]);
                }
            },
        };
        using var session = Session("local-cluster[2,1,512]", "300ms");
        foreach (var (id, pid) in ExecutorProcesses.Of(session.AppId))
        {
            pids[id] = pid;
        }

        session.Listener = watcher;
        var output = _dir.File("out");
        var written = session.Read.Option("header", "true").Schema("id int, grp int, amount decimal(12,2)").Csv(_csv)
            .Write.Option("header", "false").Csv(output);

        Assert.Equal(1, killed);
        Assert.True(File.Exists(Path.Combine(output, "_SUCCESS")));
        Assert.False(Directory.Exists(Path.Combine(output, "_temporary")));
        var parts = Directory.GetFiles(output, "part-*");
        Assert.Equal(parts.Length, parts.Select(p => Path.GetFileName(p)[..10]).Distinct().Count());
        Assert.Equal(parts.Select(Path.GetFileName).Order(), written.Files.Order());
        var lines = parts.SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal).ToArray();
        var expected = File.ReadAllLines(_csv).Skip(1).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Length, lines.Length);
        Assert.Equal(expected, lines);
    }
}
