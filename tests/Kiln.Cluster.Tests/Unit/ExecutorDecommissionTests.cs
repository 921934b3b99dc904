using Kiln.Cluster.Decommission;
using Kiln.Common.Config;

namespace Kiln.Cluster.Tests.Unit;

/// <summary>The driver's record of one decommission (its phases and counts) and the kiln.decommission.* keys.</summary>
public sealed class ExecutorDecommissionTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Migrations_are_counted_as_they_are_answered_and_a_late_answer_is_ignored()
    {
        var decommission = new ExecutorDecommission("test", Start, TimeSpan.FromMinutes(2));
        Assert.Equal((DecommissionPhase.Draining, Start.AddMinutes(2)), (decommission.Phase, decommission.Deadline));

        decommission.StartMigrating([(1, 0, "2"), (1, 1, "3"), (2, 0, "2")]);

        Assert.Equal((DecommissionPhase.Migrating, 3), (decommission.Phase, decommission.PendingCount));
        Assert.True(decommission.Answered(1, 0, moved: true, blocks: 4, bytes: 100));
        Assert.True(decommission.Answered(1, 1, moved: false, blocks: 0, bytes: 0));
        Assert.False(decommission.Answered(1, 0, moved: true, blocks: 4, bytes: 100));
        Assert.Equal((1, 4, 100L, 1, 1), (decommission.OutputsMigrated, decommission.BlocksMigrated, decommission.BytesMigrated, decommission.OutputsFailed, decommission.PendingCount));
    }

    [Fact]
    public void Migrations_to_a_target_that_left_are_given_up()
    {
        var decommission = new ExecutorDecommission("test", Start, TimeSpan.FromMinutes(2));
        decommission.StartMigrating([(1, 0, "2"), (1, 1, "3")]);

        decommission.DropTargets(target => target != "3");

        Assert.Equal((1, 1), (decommission.PendingCount, decommission.OutputsFailed));
        decommission.Answered(1, 0, moved: true, blocks: 1, bytes: 10);
        decommission.StartReleasing(epoch: 7);
        Assert.Equal((DecommissionPhase.Releasing, 7L), (decommission.Phase, decommission.ReleaseEpoch));
    }

    [Fact]
    public void Off_by_default_and_spark_spellings_are_accepted()
    {
        Assert.Null(DecommissionOptions.FromConf(new KilnConf()));

        var options = DecommissionOptions.FromConf(new KilnConf()
            .Set("spark.decommission.enabled", "true")
            .Set("spark.storage.decommission.shuffleBlocks.enabled", "false")
            .Set("spark.storage.decommission.rddBlocks.enabled", "true")
            .Set("spark.executor.decommission.forceKillTimeout", "30s")
            .Set("spark.storage.decommission.fallbackStorage.path", "/mnt/shared/kiln"))!;

        Assert.Equal(new DecommissionOptions(false, true, TimeSpan.FromSeconds(30), "/mnt/shared/kiln"), options);
        Assert.True(options.HasFallbackStorage);
    }

    [Fact]
    public void Defaults_move_shuffle_blocks_within_two_minutes()
    {
        var options = DecommissionOptions.FromConf(new KilnConf().Set("kiln.decommission.enabled", "true"))!;

        Assert.Equal(new DecommissionOptions(true, false, TimeSpan.FromMinutes(2), string.Empty), options);
        Assert.False(options.HasFallbackStorage);
    }
}
