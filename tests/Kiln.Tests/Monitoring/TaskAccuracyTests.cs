using Kiln.Execution.Physical;
using Kiln.Scheduler.Events;
using Kiln.Status.Store;
using static Kiln.Functions;

namespace Kiln.Tests.Monitoring;

/// <summary>
/// The UI's task numbers are the truth: a task's duration counts from its launch on an executor, not from its
/// submission (time queued for a core is not in it); executors count their active tasks; a task cancelled before it
/// ran ends KILLED instead of staying RUNNING.
/// </summary>
public sealed class TaskAccuracyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Duration_counts_from_the_launch_and_executors_count_active_tasks()
    {
        var store = new AppStatusStore();
        store.OnEvent(new ExecutorAdded(T0, "1", "host-a", 2, 1 << 30, "pid 1"));
        store.OnEvent(new JobStarted(T0, 1, "job", -1, [new StageInfo(1, "scan", 1, [], false)]));
        store.OnEvent(new StageSubmitted(T0, 1, 0, 1, "scan", "scan", 1, false));
        store.OnEvent(new TaskStarted(T0, 7, 1, 0, 0, 0));
        Assert.Equal(0, store.Executor("1")!.ActiveTasks);

        store.OnEvent(new TaskLaunched(T0.AddSeconds(10), 7, 1, 0, "1"));
        Assert.Equal(1, store.Executor("1")!.ActiveTasks);
        var task = store.Stage(1, 0)!.Tasks.Single();
        Assert.Equal("1", task.ExecutorId);
        Assert.Equal(T0.AddSeconds(10), store.Stage(1, 0)!.FirstTaskLaunchedTime);

        store.OnEvent(new TaskEnded(T0.AddSeconds(12), 7, 1, 0, 0, 0, "1", "SUCCESS", null, new TaskMetrics { RunTimeMs = 1900 }));
        Assert.Equal(0, store.Executor("1")!.ActiveTasks);
        Assert.Equal(2000, task.DurationMs);
        Assert.Equal(T0, task.SubmitTime);
        Assert.Equal(2000, store.Executor("1")!.TotalDurationMs);
    }

    [Fact]
    public void A_task_that_never_launched_counts_its_run_time_and_running_tasks_end_killed_with_the_application()
    {
        var store = new AppStatusStore();
        store.OnEvent(new JobStarted(T0, 1, "job", -1, [new StageInfo(1, "scan", 2, [], false)]));
        store.OnEvent(new StageSubmitted(T0, 1, 0, 1, "scan", "scan", 2, false));
        store.OnEvent(new TaskStarted(T0, 1, 1, 0, 0, 0));
        store.OnEvent(new TaskStarted(T0, 2, 1, 0, 1, 0));
        store.OnEvent(new TaskEnded(T0.AddSeconds(30), 1, 1, 0, 0, 0, "none", "FAILED", "no executors", new TaskMetrics()));
        store.OnEvent(new ApplicationEnded(T0.AddSeconds(40)));

        var tasks = store.Stage(1, 0)!.Tasks;
        Assert.Equal(0, tasks[0].DurationMs);
        Assert.Equal("KILLED", tasks[1].Status);
        Assert.Equal(0, store.Stage(1, 0)!.NumActiveTasks);
    }

    /// <summary>Holds partition 0's task of <see cref="Blocked"/> in the UDF until released.</summary>
    private static class Gate
    {
        public static readonly SemaphoreSlim Started = new(0);
        public static readonly ManualResetEventSlim Go = new(false);
    }

    /// <summary>Two single-row partitions through a UDF that holds the task of row 0 at the gate.</summary>
    private static DataFrame Blocked(KilnSession session, int partitions)
    {
        var hold = Udf((long x) =>
        {
            if (x == 0)
            {
                Gate.Started.Release();
                Gate.Go.Wait();
            }

            return x;
        });
        return session.Range(0, partitions, 1, partitions).Select(hold(Col("id")).Alias("x"));
    }

    [Fact]
    public async Task Live_local_tasks_queue_launch_and_get_cancelled_truthfully()
    {
        await using var m = MonitoredSession.Start(("kiln.master", "local[1]"));
        Gate.Go.Reset();
        using var cancel = new CancellationTokenSource();
        var job = Blocked(m.Session, 3).CollectAsync(cancel.Token);
        Assert.True(await Gate.Started.WaitAsync(TimeSpan.FromSeconds(60)));

        // Partition 0 runs on the only task thread; the other two wait in the queue.
        var executors = await m.GetAsync(m.AppPath("executors"));
        Assert.Equal(1, executors[0].GetProperty("activeTasks").GetInt32());
        var stage = (await m.GetAsync(m.AppPath("stages")))[0].GetProperty("stageId").GetInt32();
        var running = (await m.GetAsync(m.AppPath($"stages/{stage}/0/taskList?length=10"))).EnumerateArray().ToArray();
        Assert.Equal(3, running.Length);
        Assert.All(running, t => Assert.Equal("RUNNING", t.GetProperty("status").GetString()));

        await cancel.CancelAsync();
        Gate.Go.Set();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job);
        var ended = (await m.GetAsync(m.AppPath($"stages/{stage}/0/taskList?length=10"))).EnumerateArray().ToArray();
        Assert.DoesNotContain(ended, t => t.GetProperty("status").GetString() == "RUNNING");
        Assert.Equal(2, ended.Count(t => t.GetProperty("status").GetString() == "KILLED" && t.GetProperty("index").GetInt32() > 0));
        Assert.Equal(0, (await m.GetAsync(m.AppPath("executors")))[0].GetProperty("activeTasks").GetInt32());
    }

    [Fact]
    public async Task A_queued_task_s_duration_starts_when_a_thread_takes_it()
    {
        await using var m = MonitoredSession.Start(("kiln.master", "local[1]"));
        Gate.Go.Reset();
        var job = Blocked(m.Session, 2).CollectAsync(CancellationToken.None);
        Assert.True(await Gate.Started.WaitAsync(TimeSpan.FromSeconds(60)));
        await m.SettledAsync();
        var released = m.Session.Engine.Monitor!.Bus.Now;
        Gate.Go.Set();
        Assert.Equal(2, (await job).Count);
        await m.SettledAsync();

        var tasks = m.Session.Engine.Monitor.Store.Read(s => s.Stages.Last().Tasks.OrderBy(t => t.Index).ToArray());
        var queued = tasks[1];
        Assert.True(queued.SubmitTime < released, "the second task was submitted while the first held the only thread");
        Assert.True(queued.LaunchTime >= released, "it launched only once the first task let the thread go");
        Assert.Equal((long)(queued.EndTime!.Value - queued.LaunchTime).TotalMilliseconds, queued.DurationMs);
    }
}
