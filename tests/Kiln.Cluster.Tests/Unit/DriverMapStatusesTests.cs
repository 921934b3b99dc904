using Kiln.Cluster.Executor;
using Kiln.Execution.Shuffle;

namespace Kiln.Cluster.Tests.Unit;

/// <summary>
/// The executor's map-status cache over the driver's real <see cref="MapOutputTracker"/>: one question per shuffle
/// while nothing is lost, a fresh question once a task arrives with a newer epoch, and never a cached gap.
/// </summary>
public sealed class DriverMapStatusesTests
{
    private readonly MapOutputTracker _tracker = new();

    private DriverMapStatuses Cache() => new((shuffleId, _) => (_tracker.Epoch, _tracker.GetStatuses(shuffleId)));

    private void MapOutputs(int shuffleId, int maps, string location)
    {
        _tracker.RegisterShuffle(shuffleId, maps);
        for (var m = 0; m < maps; m++)
        {
            _tracker.RegisterMapOutput(new MapStatus(shuffleId, m, location, [1, 2]));
        }
    }

    [Fact]
    public void Complete_statuses_are_asked_for_once()
    {
        MapOutputs(0, 3, "1");
        var cache = Cache();
        var first = cache.Get(0, default);
        var second = cache.Get(0, default);
        Assert.Same(first, second);
        Assert.Equal(1, cache.DriverRequests);
    }

    [Fact]
    public void A_newer_epoch_drops_what_was_cached_before_a_loss()
    {
        MapOutputs(0, 2, "1");
        var cache = Cache();
        cache.ObserveEpoch(_tracker.Epoch);
        Assert.All(cache.Get(0, default), s => Assert.Equal("1", s!.Location));

        _tracker.UnregisterOutputsOnLocation("1");
        MapOutputs(0, 2, "2");
        cache.ObserveEpoch(_tracker.Epoch);

        Assert.All(cache.Get(0, default), s => Assert.Equal("2", s!.Location));
        Assert.Equal(2, cache.DriverRequests);
    }

    [Fact]
    public void An_answer_with_a_missing_output_is_not_cached()
    {
        _tracker.RegisterShuffle(0, 2);
        _tracker.RegisterMapOutput(new MapStatus(0, 0, "1", [1]));
        var cache = Cache();
        Assert.Null(cache.Get(0, default)[1]);

        _tracker.RegisterMapOutput(new MapStatus(0, 1, "1", [1]));
        Assert.NotNull(cache.Get(0, default)[1]);
        Assert.Equal(2, cache.DriverRequests);
    }

    [Fact]
    public void The_least_recently_used_shuffle_leaves_first()
    {
        for (var s = 0; s <= DriverMapStatuses.Capacity; s++)
        {
            MapOutputs(s, 1, "1");
        }

        var cache = Cache();
        for (var s = 0; s < DriverMapStatuses.Capacity; s++)
        {
            cache.Get(s, default);
        }

        cache.Get(0, default);
        cache.Get(DriverMapStatuses.Capacity, default);
        var asked = cache.DriverRequests;
        cache.Get(0, default);
        Assert.Equal(asked, cache.DriverRequests);
        cache.Get(1, default);
        Assert.Equal(asked + 1, cache.DriverRequests);
    }
}
