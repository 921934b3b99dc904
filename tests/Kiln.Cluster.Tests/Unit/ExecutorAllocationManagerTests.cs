using Kiln.Cluster.Allocation;

namespace Kiln.Cluster.Tests.Unit;

/// <summary>
/// The dynamic allocation policy on its own, on a made-up clock: exponential growth while tasks wait, its bounds
/// (maxExecutors, the tasks' need, the ratio), the fall back to minExecutors, idle removal, and what keeps an idle
/// executor (needed shuffle data, cached blocks) until their timeouts.
/// </summary>
public sealed class ExecutorAllocationManagerTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DynamicAllocationSettings Settings(int min = 0, int max = int.MaxValue, double ratio = 1.0) => new()
    {
        MinExecutors = min,
        MaxExecutors = max,
        ExecutorAllocationRatio = ratio,
        SchedulerBacklogTimeout = TimeSpan.FromSeconds(1),
        SustainedSchedulerBacklogTimeout = TimeSpan.FromSeconds(1),
        ExecutorIdleTimeout = TimeSpan.FromSeconds(60),
    };

    private static AllocationExecutor Busy(string id, int tasks = 1) => new(id, true, tasks);

    private static AllocationExecutor Idle(string id) => new(id, true, 0);

    /// <summary>Targets after each second of a backlog that never drains, starting with one busy executor.</summary>
    private static int[] TargetsOverBacklog(ExecutorAllocationManager manager, int seconds, int pending, int running, int cores = 1)
    {
        var executors = new[] { Busy("0", cores) };
        var targets = new List<int>();
        for (var s = 0; s <= seconds; s++)
        {
            targets.Add(manager.Update(T0.AddSeconds(s), pending, running, executors, new Holdings()).Target);
        }

        return [.. targets];
    }

    [Fact]
    public void A_sustained_backlog_grows_the_target_by_1_2_4_8_once_per_backlog_timeout()
    {
        var manager = new ExecutorAllocationManager(Settings(), coresPerExecutor: 1, initialExecutors: 1);

        Assert.Equal([1, 2, 4, 8, 16, 32], TargetsOverBacklog(manager, 5, pending: 1000, running: 1));
        Assert.Equal(32, manager.ToAdd);
    }

    [Fact]
    public void Nothing_is_added_before_the_backlog_timeout_has_passed()
    {
        var manager = new ExecutorAllocationManager(Settings(), 1, 1);
        var executors = new[] { Busy("0") };

        Assert.Equal(1, manager.Update(T0, 10, 1, executors, new Holdings()).Target);
        Assert.Equal(1, manager.Update(T0.AddMilliseconds(999), 10, 1, executors, new Holdings()).Target);
        Assert.Equal(2, manager.Update(T0.AddSeconds(1), 10, 1, executors, new Holdings()).Target);
        Assert.Equal(2, manager.Update(T0.AddMilliseconds(1999), 10, 1, executors, new Holdings()).Target);
    }

    [Fact]
    public void The_target_stops_at_max_executors_and_growth_starts_again_from_one()
    {
        var manager = new ExecutorAllocationManager(Settings(max: 5), 1, 1);

        Assert.Equal([1, 2, 4, 5, 5], TargetsOverBacklog(manager, 4, pending: 1000, running: 1));
        Assert.Equal(1, manager.ToAdd);
    }

    [Fact]
    public void The_target_never_exceeds_what_pending_and_running_tasks_need_per_core()
    {
        // 11 tasks on 2-core executors need 6 executors.
        var manager = new ExecutorAllocationManager(Settings(), coresPerExecutor: 2, initialExecutors: 1);

        Assert.Equal([1, 2, 4, 6, 6], TargetsOverBacklog(manager, 4, pending: 9, running: 2, cores: 2));
    }

    [Fact]
    public void The_allocation_ratio_scales_what_the_tasks_need()
    {
        // 20 tasks, one core each, ratio 0.25: 5 executors.
        var manager = new ExecutorAllocationManager(Settings(ratio: 0.25), 1, 1);

        Assert.Equal([1, 2, 4, 5, 5], TargetsOverBacklog(manager, 4, pending: 19, running: 1));
    }

    [Fact]
    public void An_emptied_queue_resets_the_growth_and_a_new_backlog_waits_the_timeout_again()
    {
        var manager = new ExecutorAllocationManager(Settings(), 1, 1);
        var executors = new[] { Busy("0") };
        TargetsOverBacklog(manager, 2, pending: 100, running: 1);
        Assert.Equal(4, manager.ToAdd);

        // Every task got a core (100 running on executors still coming): no backlog, growth back to 1.
        Assert.Equal(4, manager.Update(T0.AddSeconds(3), 0, 100, executors, new Holdings()).Target);
        Assert.Equal(1, manager.ToAdd);

        Assert.Equal(4, manager.Update(T0.AddSeconds(4), 50, 100, executors, new Holdings()).Target);
        Assert.Equal(4, manager.Update(T0.AddSeconds(4.5), 50, 100, executors, new Holdings()).Target);
        Assert.Equal(5, manager.Update(T0.AddSeconds(5), 50, 100, executors, new Holdings()).Target);
    }

    [Fact]
    public void When_the_work_shrinks_the_target_falls_to_what_is_needed_but_not_below_min()
    {
        var manager = new ExecutorAllocationManager(Settings(min: 2), 1, 2);
        TargetsOverBacklog(manager, 3, pending: 100, running: 1);
        Assert.Equal(9, manager.Target);

        Assert.Equal(3, manager.Update(T0.AddSeconds(4), 0, 3, [Busy("0")], new Holdings()).Target);
        Assert.Equal(2, manager.Update(T0.AddSeconds(5), 0, 0, [Idle("0")], new Holdings()).Target);
    }

    [Fact]
    public void Before_the_first_task_the_initial_target_is_kept()
    {
        var manager = new ExecutorAllocationManager(Settings(min: 0), 1, initialExecutors: 3);
        var executors = new[] { Idle("0"), Idle("1"), Idle("2") };

        Assert.Equal(3, manager.Update(T0, 0, 0, executors, new Holdings()).Target);
        Assert.Equal(3, manager.Update(T0.AddSeconds(30), 0, 0, executors, new Holdings()).Target);

        // Once their idle timeout expires, the policy takes over: all three go.
        var decision = manager.Update(T0.AddSeconds(60), 0, 0, executors, new Holdings());
        Assert.Equal(0, decision.Target);
        Assert.Equal(["0", "1", "2"], decision.Remove.Select(r => r.ExecutorId));
    }

    [Fact]
    public void Executors_idle_for_the_idle_timeout_are_removed_longest_idle_first_down_to_min()
    {
        var manager = new ExecutorAllocationManager(Settings(min: 1), 1, 3);
        manager.Update(T0, 0, 3, [Busy("0"), Busy("1"), Busy("2")], new Holdings());
        manager.Update(T0.AddSeconds(1), 0, 2, [Busy("0"), Idle("1"), Busy("2")], new Holdings());
        manager.Update(T0.AddSeconds(2), 0, 0, [Idle("0"), Idle("1"), Idle("2")], new Holdings());

        Assert.Empty(manager.Update(T0.AddSeconds(60.9), 0, 0, [Idle("0"), Idle("1"), Idle("2")], new Holdings()).Remove);
        var first = manager.Update(T0.AddSeconds(61), 0, 0, [Idle("0"), Idle("1"), Idle("2")], new Holdings());
        Assert.Equal(["1"], first.Remove.Select(r => r.ExecutorId));
        Assert.Contains("kiln.dynamicAllocation.executorIdleTimeout is 60s", first.Remove[0].Reason, StringComparison.Ordinal);

        // "0" and "2" both expire at 62s; one stays for minExecutors.
        var second = manager.Update(T0.AddSeconds(62), 0, 0, [Idle("0"), Idle("2")], new Holdings());
        Assert.Equal(["0"], second.Remove.Select(r => r.ExecutorId));
        Assert.Empty(manager.Update(T0.AddSeconds(600), 0, 0, [Idle("2")], new Holdings()).Remove);
    }

    [Fact]
    public void A_task_restarts_an_executors_idle_clock()
    {
        var manager = new ExecutorAllocationManager(Settings(), 1, 1);
        manager.Update(T0, 0, 0, [Idle("0"), Idle("1")], new Holdings());
        manager.Update(T0.AddSeconds(50), 0, 1, [Busy("0"), Idle("1")], new Holdings());
        manager.Update(T0.AddSeconds(55), 0, 0, [Idle("0"), Idle("1")], new Holdings());

        var decision = manager.Update(T0.AddSeconds(60), 0, 0, [Idle("0"), Idle("1")], new Holdings());
        Assert.Equal(["1"], decision.Remove.Select(r => r.ExecutorId));
        Assert.Equal(["0"], manager.Update(T0.AddSeconds(115), 0, 0, [Idle("0")], new Holdings()).Remove.Select(r => r.ExecutorId));
    }

    [Fact]
    public void Idle_executors_are_not_removed_below_the_target_the_running_tasks_need()
    {
        var manager = new ExecutorAllocationManager(Settings(), 1, 3);
        manager.Update(T0, 0, 2, [Busy("0"), Busy("1"), Idle("2"), Idle("3")], new Holdings());

        // Two tasks run on "0" and "1": the idle "2" and "3" both go, leaving the two executors the tasks need.
        var decision = manager.Update(T0.AddSeconds(60), 0, 2, [Busy("0"), Busy("1"), Idle("2"), Idle("3")], new Holdings());
        Assert.Equal(2, decision.Target);
        Assert.Equal(["2", "3"], decision.Remove.Select(r => r.ExecutorId));
    }

    [Fact]
    public void Only_registered_executors_count_when_removing_so_an_idle_one_waits_while_the_target_needs_it()
    {
        var manager = new ExecutorAllocationManager(Settings(), 1, 3);
        var executors = new[] { Busy("0"), Idle("1"), new AllocationExecutor("2", false, 0) };
        manager.Update(T0, 1, 1, executors, new Holdings());

        // Two tasks need 2 executors; "2" is still starting, so removing idle "1" would leave one registered.
        var decision = manager.Update(T0.AddSeconds(60), 1, 1, executors, new Holdings());
        Assert.Equal(2, decision.Target);
        Assert.Empty(decision.Remove);
    }

    [Fact]
    public void Shuffle_tracking_keeps_an_idle_executor_holding_needed_shuffle_data()
    {
        var manager = new ExecutorAllocationManager(Settings(), 1, 2);
        var holdings = new Holdings { Shuffle = { "1" } };
        manager.Update(T0, 0, 0, [Idle("0"), Idle("1")], holdings);

        var decision = manager.Update(T0.AddSeconds(60), 0, 0, [Idle("0"), Idle("1")], holdings);
        Assert.Equal(["0"], decision.Remove.Select(r => r.ExecutorId));
        Assert.Empty(manager.Update(T0.AddDays(30), 0, 0, [Idle("1")], holdings).Remove);

        // Once no stage reads its shuffle any more, the idle timeout applies (it has been idle for long).
        holdings.Shuffle.Clear();
        Assert.Equal(["1"], manager.Update(T0.AddDays(30).AddSeconds(1), 0, 0, [Idle("1")], holdings).Remove.Select(r => r.ExecutorId));
    }

    [Fact]
    public void The_shuffle_tracking_timeout_releases_an_executor_holding_shuffle_data()
    {
        var manager = new ExecutorAllocationManager(Settings() with { ShuffleTrackingTimeout = TimeSpan.FromSeconds(120) }, 1, 1);
        var holdings = new Holdings { Shuffle = { "0" } };
        manager.Update(T0, 0, 0, [Idle("0")], holdings);

        Assert.Empty(manager.Update(T0.AddSeconds(119), 0, 0, [Idle("0")], holdings).Remove);
        var removal = Assert.Single(manager.Update(T0.AddSeconds(120), 0, 0, [Idle("0")], holdings).Remove);
        Assert.Contains("kiln.dynamicAllocation.shuffleTracking.timeout is 120s", removal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_shuffle_tracking_shuffle_data_keeps_nothing()
    {
        var manager = new ExecutorAllocationManager(Settings() with { ShuffleTracking = false }, 1, 1);
        var holdings = new Holdings { Shuffle = { "0" } };
        manager.Update(T0, 0, 0, [Idle("0")], holdings);

        Assert.Single(manager.Update(T0.AddSeconds(60), 0, 0, [Idle("0")], holdings).Remove);
    }

    [Fact]
    public void Cached_blocks_keep_an_executor_for_the_cached_idle_timeout_the_earlier_one_when_it_also_holds_shuffle_data()
    {
        var settings = Settings() with { CachedExecutorIdleTimeout = TimeSpan.FromSeconds(90), ShuffleTrackingTimeout = TimeSpan.FromSeconds(300) };
        var manager = new ExecutorAllocationManager(settings, 1, 2);
        var holdings = new Holdings { Cached = { "0", "1" }, Shuffle = { "1" } };
        manager.Update(T0, 0, 0, [Idle("0"), Idle("1")], holdings);

        Assert.Empty(manager.Update(T0.AddSeconds(89), 0, 0, [Idle("0"), Idle("1")], holdings).Remove);
        var decision = manager.Update(T0.AddSeconds(90), 0, 0, [Idle("0"), Idle("1")], holdings);
        Assert.Equal(["0", "1"], decision.Remove.Select(r => r.ExecutorId));
        Assert.All(decision.Remove, r => Assert.Contains("kiln.dynamicAllocation.cachedExecutorIdleTimeout is 90s", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void By_default_cached_blocks_keep_an_idle_executor_for_ever()
    {
        var manager = new ExecutorAllocationManager(Settings(), 1, 1);
        var holdings = new Holdings { Cached = { "0" } };
        manager.Update(T0, 0, 0, [Idle("0")], holdings);

        Assert.Empty(manager.Update(T0.AddDays(365), 0, 0, [Idle("0")], holdings).Remove);
    }

    [Fact]
    public void Executors_idle_for_less_than_every_timeout_are_not_asked_about_their_data()
    {
        var manager = new ExecutorAllocationManager(Settings(), 1, 1);
        var holdings = new Holdings();
        manager.Update(T0, 0, 0, [Idle("0")], holdings);
        manager.Update(T0.AddSeconds(59), 0, 0, [Idle("0")], holdings);

        Assert.Equal(0, holdings.Questions);
    }

    /// <summary>Which executors hold needed shuffle data and cached blocks, counting the questions.</summary>
    private sealed class Holdings : IExecutorDataView
    {
        public HashSet<string> Shuffle { get; } = [];

        public HashSet<string> Cached { get; } = [];

        public int Questions { get; private set; }

        public bool HoldsNeededShuffleData(string executorId)
        {
            Questions++;
            return Shuffle.Contains(executorId);
        }

        public bool HoldsCachedBlocks(string executorId)
        {
            Questions++;
            return Cached.Contains(executorId);
        }
    }
}
