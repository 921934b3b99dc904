using Kiln.Cluster.Driver;

namespace Kiln.Cluster.Tests.Unit;

/// <summary>How many executors the driver launches, replaces and releases.</summary>
public sealed class ExecutorRosterTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TrackedExecutor Launch(ExecutorRoster roster, int secondsAfterStart = 0)
    {
        var executor = new TrackedExecutor(roster.NextId, new IdleHandle(), Start.AddSeconds(secondsAfterStart));
        roster.Add(executor);
        return executor;
    }

    [Fact]
    public void It_asks_for_launches_up_to_the_target_and_numbers_executors_in_order()
    {
        var roster = new ExecutorRoster(target: 3, maxFailures: 2);
        Assert.Equal(3, roster.LaunchesNeeded);
        var first = Launch(roster);
        Launch(roster);
        Assert.Equal("0", first.Id);
        Assert.Equal("2", roster.NextId);
        Assert.Equal(1, roster.LaunchesNeeded);
        Assert.Throws<InvalidOperationException>(() => roster.Add(new TrackedExecutor("7", new IdleHandle(), Start)));
    }

    [Fact]
    public void A_lost_executor_is_replaced_until_more_than_max_failures_were_lost()
    {
        var roster = new ExecutorRoster(target: 1, maxFailures: 1);
        var first = Launch(roster);
        Assert.True(roster.MarkLost(first, "it ended (exit code 1)"));
        Assert.False(roster.MarkLost(first, "its connection closed"));
        Assert.Equal(1, roster.Lost);
        Assert.Equal("it ended (exit code 1)", first.LossReason);
        Assert.Equal(1, roster.LaunchesNeeded);

        var second = Launch(roster);
        roster.MarkLost(second, "no heartbeat");
        Assert.True(roster.ReplacementsExhausted);
        Assert.Equal(0, roster.LaunchesNeeded);
        Assert.False(roster.AnyLive);
        Assert.Equal("no heartbeat", roster.LastLossReason);
    }

    [Fact]
    public void An_executor_the_driver_stopped_is_not_a_loss()
    {
        var roster = new ExecutorRoster(target: 1, maxFailures: 0);
        var executor = Launch(roster);
        Assert.True(roster.MarkStopped(executor, "the target went down"));
        Assert.False(roster.MarkLost(executor, "it ended"));
        Assert.Equal(0, roster.Lost);
        Assert.Equal(ExecutorState.Stopped, executor.State);
        Assert.Equal(1, roster.LaunchesNeeded);
    }

    [Fact]
    public void Lowering_the_target_releases_the_newest_starting_executors_and_keeps_active_ones()
    {
        var roster = new ExecutorRoster(target: 4, maxFailures: 3);
        var active = Launch(roster, 0);
        active.State = ExecutorState.Active;
        var older = Launch(roster, 1);
        var newer = Launch(roster, 2);
        var sameTime = Launch(roster, 2);

        roster.Target = 2;
        Assert.Equal([sameTime, newer], roster.ExtraStarting());

        roster.Target = 0;
        Assert.Equal([sameTime, newer, older], roster.ExtraStarting());
        Assert.Equal(0, roster.LaunchesNeeded);
    }

    [Fact]
    public void Counts_follow_the_states()
    {
        var roster = new ExecutorRoster(target: 3, maxFailures: 3);
        var a = Launch(roster);
        var b = Launch(roster);
        Launch(roster);
        a.State = ExecutorState.Active;
        roster.MarkLost(b, "gone");
        Assert.Equal(2, roster.LiveCount);
        Assert.Equal(1, roster.ActiveCount);
        Assert.True(roster.AnyStarting);
        Assert.Equal(3, roster.Count);
        Assert.True(roster.TryGetValue("1", out var found) && found == b);
    }
}
