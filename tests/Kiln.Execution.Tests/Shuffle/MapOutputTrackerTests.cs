using Kiln.Execution.Shuffle;

namespace Kiln.Execution.Tests.Shuffle;

public sealed class MapOutputTrackerTests
{
    [Fact]
    public void Lost_executor_outputs_become_missing_and_bump_the_epoch()
    {
        var tracker = new MapOutputTracker();
        tracker.RegisterShuffle(1, 3);
        tracker.RegisterShuffle(2, 1);
        Assert.Equal([0, 1, 2], tracker.MissingMapIndices(1));
        tracker.RegisterMapOutput(new MapStatus(1, 0, "exec-a", [1, 2]));
        tracker.RegisterMapOutput(new MapStatus(1, 1, "exec-b", [3, 4]));
        tracker.RegisterMapOutput(new MapStatus(1, 2, "exec-a", [5, 6]));
        tracker.RegisterMapOutput(new MapStatus(2, 0, "exec-a", [7]));
        Assert.True(tracker.IsComplete(1));
        var epoch = tracker.Epoch;

        Assert.Equal(3, tracker.UnregisterOutputsOnLocation("exec-a"));
        Assert.Equal([0, 2], tracker.MissingMapIndices(1));
        Assert.Equal([0], tracker.MissingMapIndices(2));
        Assert.True(tracker.Epoch > epoch);
        Assert.Equal("exec-b", tracker.GetStatuses(1)[1]!.Location);
    }

    [Fact]
    public void A_removed_location_loses_its_outputs_and_refuses_later_ones()
    {
        var tracker = new MapOutputTracker();
        tracker.RegisterShuffle(1, 2);
        Assert.True(tracker.RegisterMapOutput(new MapStatus(1, 0, "exec-a", [1])));

        Assert.Equal(1, tracker.RemoveLocation("exec-a"));

        Assert.False(tracker.RegisterMapOutput(new MapStatus(1, 1, "exec-a", [2])));
        Assert.Equal([0, 1], tracker.MissingMapIndices(1));
        Assert.True(tracker.RegisterMapOutput(new MapStatus(1, 1, "exec-b", [2])));
        Assert.Equal([0], tracker.MissingMapIndices(1));
    }

    [Fact]
    public void A_fetch_failure_unregisters_only_the_output_still_at_that_location()
    {
        var tracker = new MapOutputTracker();
        tracker.RegisterShuffle(1, 1);
        tracker.RegisterMapOutput(new MapStatus(1, 0, "exec-new", [1]));
        Assert.False(tracker.UnregisterMapOutput(1, 0, "exec-old"));
        Assert.True(tracker.IsComplete(1));
        Assert.True(tracker.UnregisterMapOutput(1, 0, "exec-new"));
        Assert.Equal([0], tracker.MissingMapIndices(1));
    }

    [Fact]
    public void Statuses_are_snapshots_and_unknown_shuffles_are_errors()
    {
        var tracker = new MapOutputTracker();
        tracker.RegisterShuffle(1, 1);
        var before = tracker.GetStatuses(1);
        tracker.RegisterMapOutput(new MapStatus(1, 0, "e", [1]));
        Assert.Null(before[0]);
        Assert.Throws<KeyNotFoundException>(() => tracker.GetStatuses(9));
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.RegisterMapOutput(new MapStatus(1, 1, "e", [1])));
        tracker.UnregisterShuffle(1);
        Assert.False(tracker.ContainsShuffle(1));
    }

    [Fact]
    public void Concurrent_registration_loses_nothing()
    {
        var tracker = new MapOutputTracker();
        tracker.RegisterShuffle(3, 1000);
        Parallel.For(0, 1000, m => tracker.RegisterMapOutput(new MapStatus(3, m, $"exec-{m % 4}", [m])));
        Assert.True(tracker.IsComplete(3));
        Assert.Equal(250, tracker.UnregisterOutputsOnLocation("exec-2"));
    }

    [Fact]
    public void A_migrated_output_points_at_its_new_holder_and_bumps_the_epoch()
    {
        var tracker = new MapOutputTracker();
        tracker.RegisterShuffle(1, 2);
        tracker.RegisterMapOutput(new MapStatus(1, 0, "exec-a", [1, 2]) { BlockServer = new Network.NetworkAddress("10.0.0.1", 7000) });
        tracker.RegisterMapOutput(new MapStatus(1, 1, "exec-b", [3]));
        Assert.Equal([0], tracker.OutputsOn("exec-a").Select(s => s.MapIndex));
        var epoch = tracker.Epoch;

        Assert.True(tracker.MoveMapOutput(1, 0, "exec-a", "exec-b", new Network.NetworkAddress("10.0.0.2", 7001)));

        var moved = tracker.GetStatuses(1)[0]!;
        Assert.Equal(("exec-b", new Network.NetworkAddress("10.0.0.2", 7001)), (moved.Location, moved.BlockServer));
        Assert.Equal([1L, 2L], moved.PartitionSizes);
        Assert.True(tracker.Epoch > epoch);
        Assert.Empty(tracker.OutputsOn("exec-a"));
        Assert.Equal(0, tracker.RemoveLocation("exec-a"));
        Assert.True(tracker.IsComplete(1));
    }

    [Fact]
    public void A_migration_is_refused_when_the_output_changed_meanwhile_or_the_target_was_lost()
    {
        var tracker = new MapOutputTracker();
        tracker.RegisterShuffle(1, 2);
        tracker.RegisterMapOutput(new MapStatus(1, 0, "exec-a", [1]));
        tracker.RegisterMapOutput(new MapStatus(1, 1, "exec-a", [1]));
        tracker.RegisterMapOutput(new MapStatus(1, 0, "exec-c", [1]));
        tracker.RemoveLocation("exec-d");

        Assert.False(tracker.MoveMapOutput(1, 0, "exec-a", "exec-b", null));
        Assert.False(tracker.MoveMapOutput(1, 1, "exec-a", "exec-d", null));
        Assert.False(tracker.MoveMapOutput(2, 0, "exec-a", "exec-b", null));
        Assert.Equal("exec-c", tracker.GetStatuses(1)[0]!.Location);
        Assert.Equal("exec-a", tracker.GetStatuses(1)[1]!.Location);
    }
}
