using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Execution.Tasks;

namespace Kiln.Cluster.Tests.Unit;

/// <summary>Where queued tasks go: round robin over free cores, cached input first, away from failures, and when nowhere.</summary>
public sealed class TaskPlacementTests
{
    private static readonly TimeSpan LocalityWait = TimeSpan.FromSeconds(3);
    private readonly ManualClock _clock = new();
    private readonly ExecutorRoster _roster = new(target: 3, maxFailures: 3);

    private TaskPlacement Placement(int stageLimit = 2) =>
        new(new ExclusionTracker(true, stageLimit, appLimit: 2, TimeSpan.FromMinutes(10), _clock), LocalityWait, _clock);

    private TrackedExecutor Active(int cores)
    {
        var executor = new TrackedExecutor(_roster.NextId, new IdleHandle(), _clock.GetUtcNow()) { State = ExecutorState.Active, Cores = cores, FreeCores = cores };
        _roster.Add(executor);
        return executor;
    }

    private PendingTask Pending(int partition, params string[] preferred) =>
        new(new TaskDescription(partition, 0, 1, 0, partition, 0, []) { PreferredExecutors = preferred }) { QueuedAt = _clock.GetUtcNow() };

    [Fact]
    public void Tasks_spread_round_robin_over_executors_with_free_cores()
    {
        var placement = Placement();
        var a = Active(2);
        var b = Active(2);
        var c = Active(0);
        var picks = Enumerable.Range(0, 4).Select(p => placement.Place(Pending(p), _roster).Executor).ToArray();
        Assert.Equal([a, b, a, b], picks);
        Assert.DoesNotContain(c, picks);
    }

    [Fact]
    public void A_task_waits_for_its_busy_preferred_executor_until_the_locality_wait_has_passed()
    {
        var placement = Placement();
        var cached = Active(1);
        var other = Active(1);
        cached.FreeCores = 0;
        var pending = Pending(0, cached.Id);
        Assert.Equal((null, null), placement.Place(pending, _roster));

        _clock.Advance(LocalityWait);
        Assert.Same(other, placement.Place(pending, _roster).Executor);

        cached.FreeCores = 1;
        Assert.Same(cached, placement.Place(Pending(1, cached.Id), _roster).Executor);
    }

    [Fact]
    public void A_preferred_executor_that_is_gone_does_not_hold_the_task_back()
    {
        var placement = Placement();
        var other = Active(1);
        Assert.Same(other, placement.Place(Pending(0, "42"), _roster).Executor);
    }

    [Fact]
    public void A_retry_waits_for_an_executor_it_has_not_failed_on_and_goes_back_only_when_it_failed_everywhere()
    {
        var placement = Placement(stageLimit: 10);
        var a = Active(1);
        var b = Active(1);
        var pending = Pending(0);
        placement.OnFailed(pending.Task, a.Id, new InvalidOperationException("boom"));
        b.FreeCores = 0;
        Assert.Equal((null, null), placement.Place(pending, _roster));

        placement.OnFailed(pending.Task, b.Id, new InvalidOperationException("boom"));
        Assert.Same(a, placement.Place(pending, _roster).Executor);
    }

    [Fact]
    public void A_task_whose_stage_excluded_every_executor_cannot_run_and_the_error_names_the_last_failure()
    {
        var placement = Placement(stageLimit: 1);
        var a = Active(1);
        var pending = Pending(0);
        Assert.Equal(1, placement.OnFailed(pending.Task, a.Id, new RemoteTaskException("System.IO.IOException", "disk full", string.Empty, a.Id, "node-1")));

        var (executor, unrunnable) = placement.Place(pending, _roster);
        Assert.Null(executor);
        var error = Assert.IsType<ExecutorsExcludedException>(unrunnable);
        Assert.Contains("every executor is excluded", error.Message, StringComparison.Ordinal);
        Assert.Contains("on executor 0 (host node-1): System.IO.IOException: disk full", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void While_an_executor_is_still_starting_an_excluded_task_waits_for_it()
    {
        var placement = Placement(stageLimit: 1);
        var a = Active(1);
        _roster.Add(new TrackedExecutor(_roster.NextId, new IdleHandle(), _clock.GetUtcNow()));
        var pending = Pending(0);
        placement.OnFailed(pending.Task, a.Id, new InvalidOperationException("boom"));
        Assert.Equal((null, null), placement.Place(pending, _roster));
    }

    [Fact]
    public void A_success_elsewhere_after_failures_excludes_the_failing_executor_for_the_application()
    {
        var placement = Placement(stageLimit: 10);
        var a = Active(1);
        var b = Active(1);
        for (var p = 0; p < 2; p++)
        {
            placement.OnFailed(Pending(p).Task, a.Id, new InvalidOperationException("boom"));
            var excluded = placement.OnSucceeded(Pending(p).Task, b.Id);
            Assert.Equal(p == 1 ? [a.Id] : [], excluded.Select(e => e.Executor));
        }

        Assert.True(placement.IsExcludedForApplication(a.Id));
        Assert.Same(b, placement.Place(Pending(5), _roster).Executor);
    }
}
