using System.Globalization;
using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.TestSupport;

namespace Kiln.Cluster.Tests;

/// <summary>
/// Dynamic allocation on local-cluster: a backlog scales the executors up to maxExecutors and idleness back down to
/// minExecutors; with shuffle tracking, executors leave between stages without a single fetch failure or recomputed
/// map task, and without it the same job recomputes what the removed executors held (the counters tell them apart).
/// Waits are for executor changes (<see cref="ExecutorWatch"/>) and stage submissions, never for time.
/// </summary>
public sealed class DynamicAllocationTests : IDisposable
{
    private const int Rows = 12_000;
    private readonly TempDir _dir = new();
    private readonly string _csv;

    public DynamicAllocationTests() => _csv = FaultSessions.WriteCsv(_dir.Path, Rows);

    public void Dispose() => _dir.Dispose();

    private KilnSession Session(string master, int min, int max, string idleTimeout, string taskDelay, params (string Key, string Value)[] extra)
    {
        var builder = FaultSessions.Builder(master, _dir.File("local"))
            .Config("kiln.files.maxPartitionBytes", "16k")
            .Config("kiln.test.taskDelay", taskDelay)
            .Config("spark.dynamicAllocation.enabled", "true")
            .Config("kiln.dynamicAllocation.minExecutors", min.ToString(CultureInfo.InvariantCulture))
            .Config("kiln.dynamicAllocation.maxExecutors", max.ToString(CultureInfo.InvariantCulture))
            .Config("kiln.dynamicAllocation.schedulerBacklogTimeout", "100ms")
            .Config("kiln.dynamicAllocation.executorIdleTimeout", idleTimeout);
        foreach (var (key, value) in extra)
        {
            builder.Config(key, value);
        }

        return builder.GetOrCreate();
    }

    private static IEnumerable<ExecutorInfo> RemovedByAllocation(KilnSession session) => FaultSessions.Backend(session).Executors
        .Where(e => e.State == ExecutorState.Stopped && e.LossReason?.StartsWith("dynamic allocation removed it", StringComparison.Ordinal) == true);

    [Fact]
    public async Task A_backlog_scales_from_min_to_max_and_idle_executors_go_back_to_min_after_the_job()
    {
        using var session = Session("local-cluster[1,1,384]", min: 1, max: 3, idleTimeout: "1s", taskDelay: "400ms", ("kiln.sql.shuffle.partitions", "6"));
        using var watch = new ExecutorWatch(FaultSessions.Backend(session));
        Assert.Equal(1, ExecutorWatch.Live(FaultSessions.Backend(session).Executors));

        var actual = FaultSessions.Sorted(FaultSessions.GroupTotals(session, _csv).Collect());

        Assert.Equal(FaultSessions.ExpectedGroupTotals(Rows), actual);
        await watch.UntilAsync(executors => ExecutorWatch.Live(executors) == 1, "the executors to idle down to minExecutors");
        var executors = FaultSessions.Backend(session).Executors;
        Assert.Equal(3, watch.PeakLive);
        Assert.DoesNotContain(executors, e => e.State == ExecutorState.Lost);
        Assert.Equal(executors.Count - 1, RemovedByAllocation(session).Count());
        Assert.All(RemovedByAllocation(session), e => Assert.Contains("kiln.dynamicAllocation.executorIdleTimeout is 1s", e.LossReason, StringComparison.Ordinal));
        Assert.Equal(0, session.Engine.Scheduler.Counters.FetchFailedTasks);
    }

    [Fact]
    public void With_shuffle_tracking_executors_leave_between_stages_with_no_fetch_failure_and_no_recomputed_map_task()
    {
        using var session = ThreeStageSession(shuffleTracking: true);
        var backend = FaultSessions.Backend(session);
        using var watch = new ExecutorWatch(backend);
        var atLastStage = new List<ExecutorInfo>();
        var stages = 0;
        session.Listener = new StageWatcher
        {
            // The last stage starts only once the executors without its input are gone: the one holding it stays.
            OnSubmitted = stage =>
            {
                stages = stage + 1;
                if (stage == 2)
                {
                    FaultSessions.Block(watch.UntilAsync(e => ExecutorWatch.Live(e) == 1, "all but the executor holding the last stage's input to leave"));
                    atLastStage.AddRange(backend.Executors);
                }
            },
        };

        var actual = FaultSessions.Sorted(FaultSessions.CountsOfGroupSizes(session, _csv).Collect());

        Assert.Equal(3, stages);
        Assert.Equal(FaultSessions.ExpectedCountsOfGroupSizes(Rows), actual);
        Assert.Contains(atLastStage, e => e.State == ExecutorState.Stopped);
        Assert.Single(atLastStage, e => e.State == ExecutorState.Active);
        Assert.Equal(0, session.Engine.Scheduler.Counters.FetchFailedTasks);
        Assert.Equal(0, session.Engine.Scheduler.Counters.RecomputedMapTasks);
        Assert.DoesNotContain(backend.Executors, e => e.State == ExecutorState.Lost);
    }

    [Fact]
    public void Without_shuffle_tracking_the_same_job_recomputes_the_outputs_of_the_removed_executors()
    {
        using var session = ThreeStageSession(shuffleTracking: false);
        var backend = FaultSessions.Backend(session);
        using var watch = new ExecutorWatch(backend);
        session.Listener = new StageWatcher
        {
            // Every executor is idle before the last stage: without shuffle tracking all of them go, its input with them.
            OnSubmitted = stage =>
            {
                if (stage == 2)
                {
                    FaultSessions.Block(watch.UntilAsync(e => ExecutorWatch.Live(e) == 0, "every idle executor to leave"));
                }
            },
        };

        var actual = FaultSessions.Sorted(FaultSessions.CountsOfGroupSizes(session, _csv).Collect());

        Assert.Equal(FaultSessions.ExpectedCountsOfGroupSizes(Rows), actual);
        Assert.True(session.Engine.Scheduler.Counters.FetchFailedTasks > 0, "no fetch failed");
        Assert.True(session.Engine.Scheduler.Counters.RecomputedMapTasks > 0, "no map task was recomputed");
    }

    /// <summary>Two executors at first, none kept by minExecutors; one partition per shuffle, so the middle stage's output is on one executor.</summary>
    private KilnSession ThreeStageSession(bool shuffleTracking) => Session(
        "local-cluster[2,1,384]",
        min: 0,
        max: 2,
        idleTimeout: "500ms",
        taskDelay: "200ms",
        ("kiln.sql.shuffle.partitions", "1"),
        ("kiln.dynamicAllocation.shuffleTracking.enabled", shuffleTracking ? "true" : "false"));
}
