using System.Collections.Concurrent;
using System.Globalization;
using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Scheduler.Events;

namespace Kiln.Cluster.Tests;

/// <summary>
/// Graceful decommission on local-cluster with real executor processes. A three-stage job (the file's splits, totals
/// per group, counts of group sizes) runs on two executors; when its second stage is submitted, the first stage's map
/// outputs are on both executors, and one of them is made to leave: by the driver (<see cref="ClusterBackend.DecommissionExecutor"/>)
/// or by SIGTERM to its process. With decommission, its outputs move to the other executor before it exits, and the
/// job ends right with zero fetch failures and zero re-run map tasks. Without it, the same removal makes the job
/// recompute the lost outputs, so the counters tell the two apart. Waits are for states (stage submitted, executor
/// stopped), never for time.
/// </summary>
public sealed class DecommissionTests : IDisposable
{
    private const int Rows = 12_000;
    private const string Leaving = "0";
    private readonly TempDir _dir = new();
    private readonly string _csv;

    public DecommissionTests() => _csv = FaultSessions.WriteCsv(_dir.Path, Rows);

    public void Dispose() => _dir.Dispose();

    public enum Removal
    {
        Driver,
        Sigterm,
    }

    [Theory]
    [InlineData(Removal.Driver)]
    [InlineData(Removal.Sigterm)]
    public async Task A_decommissioned_executor_hands_its_map_outputs_over_and_the_job_recomputes_nothing(Removal removal)
    {
        using var session = Session(decommission: true);
        var events = Subscribe(session);
        var outputsBefore = RunRemovingAtSecondStage(session, removal, e => e.State == ExecutorState.Stopped);

        Assert.True(outputsBefore > 0, "the leaving executor held no map output when it was removed: the test proves nothing");
        var left = FaultSessions.Backend(session).Executors.Single(e => e.Id == Leaving);
        Assert.Equal(ExecutorState.Stopped, left.State);
        Assert.StartsWith("decommissioned:", left.LossReason, StringComparison.Ordinal);
        Assert.Equal(0, session.Engine.Scheduler.Counters.FetchFailedTasks);
        Assert.Equal(0, session.Engine.Scheduler.Counters.RecomputedMapTasks);
        Assert.DoesNotContain(FaultSessions.Backend(session).Executors, e => e.State == ExecutorState.Lost);

        await session.Engine.Monitor!.Bus.FlushAsync();
        Assert.Single(events, e => e is ExecutorDecommissionStarted { ExecutorId: Leaving });
        var migrated = events.OfType<ShuffleOutputMigrated>().Where(e => e.ExecutorId == Leaving).ToArray();
        Assert.Equal(outputsBefore, migrated.Length);
        Assert.All(migrated, m => Assert.NotEqual(Leaving, m.Target));
        var finished = Assert.Single(events.OfType<ExecutorDecommissionFinished>());
        Assert.Equal((Leaving, outputsBefore, 0, false), (finished.ExecutorId, finished.OutputsMigrated, finished.OutputsLost, finished.Forced));
        Assert.Equal(migrated.Sum(m => m.Bytes), finished.BytesMigrated);
        Assert.True(finished.BytesMigrated > 0, "no bytes were migrated");
    }

    [Theory]
    [InlineData(Removal.Driver)]
    [InlineData(Removal.Sigterm)]
    public void Without_decommission_the_same_removal_makes_the_job_recompute_the_lost_outputs(Removal removal)
    {
        using var session = Session(decommission: false);
        var outputsBefore = RunRemovingAtSecondStage(session, removal, e => e.State is ExecutorState.Stopped or ExecutorState.Lost);

        Assert.True(outputsBefore > 0, "the removed executor held no map output: the test proves nothing");
        Assert.True(session.Engine.Scheduler.Counters.FetchFailedTasks > 0, "no fetch failed");
        Assert.True(session.Engine.Scheduler.Counters.RecomputedMapTasks > 0, "no map task was recomputed");
    }

    [Fact]
    public async Task With_no_live_executor_left_the_outputs_go_to_the_fallback_storage_and_are_read_from_there()
    {
        var fallback = _dir.File("fallback");
        using var session = FaultSessions.Builder("local-cluster[1,1,384]", _dir.File("local"))
            .Config("kiln.files.maxPartitionBytes", "16k")
            .Config("kiln.sql.shuffle.partitions", "4")
            .Config("kiln.decommission.enabled", "true")
            .Config("kiln.storage.decommission.fallbackStorage.path", fallback)
            .GetOrCreate();
        var events = Subscribe(session);
        var backend = FaultSessions.Backend(session);
        using var watch = new ExecutorWatch(backend);
        var outputsBefore = -1;
        session.Listener = new StageWatcher
        {
            // The only executor leaves (the target drops to 0); a new one, started after it, reads what it left behind.
            OnSubmitted = stage =>
            {
                if (stage == 1)
                {
                    outputsBefore = session.Engine.MapOutputs.OutputsOn(Leaving).Count;
                    backend.DecommissionExecutor(Leaving, "the test asked for it");
                    FaultSessions.Block(watch.UntilAsync(e => e.Any(x => x.Id == Leaving && x.State == ExecutorState.Stopped), $"executor {Leaving} to leave"));
                    backend.RequestTotalExecutors(1);
                }
            },
        };

        var actual = FaultSessions.Sorted(FaultSessions.CountsOfGroupSizes(session, _csv).Collect());

        Assert.Equal(FaultSessions.ExpectedCountsOfGroupSizes(Rows), actual);
        Assert.True(outputsBefore > 0, "the executor held no map output when it was removed: the test proves nothing");
        Assert.Equal(0, session.Engine.Scheduler.Counters.FetchFailedTasks);
        Assert.Equal(0, session.Engine.Scheduler.Counters.RecomputedMapTasks);
        await session.Engine.Monitor!.Bus.FlushAsync();
        var migrated = events.OfType<ShuffleOutputMigrated>().ToArray();
        Assert.Equal(outputsBefore, migrated.Length);
        Assert.All(migrated, m => Assert.Equal(Execution.Shuffle.ShuffleOutputMigration.FallbackLocation, m.Target));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(fallback, session.Engine.AppId), "shuffle_*.data"));
    }

    /// <summary>
    /// Runs the job; when its second stage is submitted (the first stage's outputs are written), removes executor 0 and
    /// holds the scheduler until <paramref name="gone"/> holds for it. Checks the answer; returns how many map outputs
    /// executor 0 held at the removal.
    /// </summary>
    private int RunRemovingAtSecondStage(KilnSession session, Removal removal, Func<ExecutorInfo, bool> gone)
    {
        var backend = FaultSessions.Backend(session);
        using var watch = new ExecutorWatch(backend);
        var outputsBefore = -1;
        session.Listener = new StageWatcher
        {
            OnSubmitted = stage =>
            {
                if (stage != 1)
                {
                    return;
                }

                outputsBefore = session.Engine.MapOutputs.OutputsOn(Leaving).Count;
                if (removal == Removal.Driver)
                {
                    backend.DecommissionExecutor(Leaving, "the test asked for it");
                }
                else
                {
                    Signals.Terminate(ExecutorProcesses.Of(session.Engine.AppId)[Leaving]);
                }

                FaultSessions.Block(watch.UntilAsync(e => e.Any(x => x.Id == Leaving && gone(x)), $"executor {Leaving} to leave"));
            },
        };

        var actual = FaultSessions.Sorted(FaultSessions.CountsOfGroupSizes(session, _csv).Collect());

        Assert.Equal(FaultSessions.ExpectedCountsOfGroupSizes(Rows), actual);
        Assert.True(outputsBefore >= 0, "the second stage was never submitted");
        return outputsBefore;
    }

    /// <summary>
    /// Two executors of one core; the file's splits make about 20 map tasks, spread over both. Without decommission a
    /// driver removal is a plain kill (<see cref="ClusterBackend.DecommissionExecutor"/> falls back to it).
    /// </summary>
    private KilnSession Session(bool decommission) => FaultSessions.Builder("local-cluster[2,1,384]", _dir.File("local"))
        .Config("kiln.files.maxPartitionBytes", "16k")
        .Config("kiln.sql.shuffle.partitions", "4")
        .Config("spark.decommission.enabled", decommission ? "true" : "false")
        .Config("kiln.storage.decommission.shuffleBlocks.enabled", "true")
        .GetOrCreate();

    private static ConcurrentQueue<ListenerEvent> Subscribe(KilnSession session)
    {
        var sink = new EventQueue();
        session.Engine.Monitor!.Bus.Subscribe(sink);
        return sink.Events;
    }


    private sealed class EventQueue : IListenerEventSink
    {
        public ConcurrentQueue<ListenerEvent> Events { get; } = new();

        public void OnEvent(ListenerEvent listenerEvent) => Events.Enqueue(listenerEvent);
    }
}
