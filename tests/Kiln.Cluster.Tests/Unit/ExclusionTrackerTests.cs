using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.TestSupport;

namespace Kiln.Cluster.Tests.Unit;

/// <summary>Where retries go and when executors are excluded, on a manual clock.</summary>
public sealed class ExclusionTrackerTests
{
    private readonly ManualClock _clock = new();

    private ExclusionTracker Tracker(bool enabled = true) => new(enabled, stageLimit: 2, appLimit: 2, TimeSpan.FromMinutes(10), _clock);

    [Fact]
    public void A_retry_knows_where_the_task_failed()
    {
        var tracker = Tracker();
        Assert.Null(tracker.OnTaskFailed(1, 0, "a"));
        Assert.True(tracker.FailedOn(1, 0, "a"));
        Assert.False(tracker.FailedOn(1, 0, "b"));
        Assert.False(tracker.FailedOn(1, 1, "a"));
        Assert.False(tracker.IsExcluded(1, "a"));
    }

    [Fact]
    public void Two_failures_in_a_stage_exclude_the_executor_for_that_stage_only()
    {
        var tracker = Tracker();
        tracker.OnTaskFailed(1, 0, "a");
        Assert.Equal(2, tracker.OnTaskFailed(1, 1, "a"));
        Assert.True(tracker.IsExcluded(1, "a"));
        Assert.False(tracker.IsExcluded(2, "a"));
        Assert.False(tracker.IsExcludedForApplication("a"));
        Assert.Contains("executor a: 2 failed tasks in stage 1", tracker.Describe(1, ["a"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Tasks_that_fail_on_an_executor_and_succeed_elsewhere_exclude_it_for_the_application_until_the_timeout()
    {
        var tracker = Tracker();
        tracker.OnTaskFailed(1, 0, "a");
        Assert.Empty(tracker.OnTaskSucceeded(1, 0, "b"));
        tracker.OnTaskFailed(2, 5, "a");
        var excluded = Assert.Single(tracker.OnTaskSucceeded(2, 5, "c"));
        Assert.Equal("a", excluded.Executor);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(10), excluded.Until);
        Assert.True(tracker.IsExcluded(3, "a"));

        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.False(tracker.IsExcludedForApplication("a"));
        Assert.False(tracker.IsExcluded(3, "a"));
    }

    [Fact]
    public void A_task_failing_everywhere_counts_against_no_executor_for_the_application()
    {
        var tracker = Tracker();
        tracker.OnTaskFailed(1, 0, "a");
        tracker.OnTaskFailed(1, 0, "b");
        tracker.OnTaskFailed(1, 0, "a");
        Assert.Empty(tracker.OnTaskSucceeded(1, 0, "a"));
        Assert.False(tracker.IsExcludedForApplication("a"));
        Assert.False(tracker.IsExcludedForApplication("b"));
    }

    [Fact]
    public void Disabled_exclusion_still_steers_retries_but_excludes_nothing()
    {
        var tracker = Tracker(enabled: false);
        Assert.Null(tracker.OnTaskFailed(1, 0, "a"));
        Assert.Null(tracker.OnTaskFailed(1, 1, "a"));
        Assert.True(tracker.FailedOn(1, 0, "a"));
        Assert.False(tracker.IsExcluded(1, "a"));
    }
}
