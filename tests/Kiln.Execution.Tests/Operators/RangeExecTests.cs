using Kiln.Common.Config;
using Kiln.Common.Types;
using Kiln.Execution.Operators;
using Kiln.Execution.Physical;
using Kiln.Execution.Spill;
using Kiln.Execution.Tasks;
using Kiln.Plan.Logical;

namespace Kiln.Execution.Tests.Operators;

/// <summary>A range operator travels as its bounds alone and generates each partition's slice in batches.</summary>
public sealed class RangeExecTests : IDisposable
{
    private static readonly Schema Ids = new(new Field("id", DataType.Int64, false));
    private readonly DiskBlockManager _disk = new(Path.Combine(Path.GetTempPath(), "kiln-range-tests"), Guid.NewGuid().ToString("N"));

    private static RangeExec Range(long start, long end, long step, int partitions) => new(new RangeSequence(start, end, step), partitions, Ids);

    private List<List<long>> Run(ExecNode plan, int partition, int batchSize)
    {
        var conf = new KilnConf();
        conf.Set(ConfigKeys.BatchSize.Key, batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var context = new TaskContext(1, partition, 0, conf, _disk, null!, CancellationToken.None);
        return plan.Execute(partition, context).Select(b => Enumerable.Range(0, b.RowCount).Select(r => (long)b.GetRow(r)[0]!).ToList()).ToList();
    }

    [Fact]
    public void The_plan_carries_the_bounds_and_survives_the_task_payload()
    {
        var plan = Range(long.MinValue, long.MaxValue, 1, 16);
        var bytes = TaskPayload.Serialize(plan, new CollectOutput());
        Assert.True(bytes.Length < 200, $"{bytes.Length} bytes");

        var (fragment, _) = TaskPayload.Read(bytes);
        var decoded = Assert.IsType<RangeExec>(fragment);
        Assert.Equal(plan.Sequence, decoded.Sequence);
        Assert.Equal(16, decoded.PartitionCount);
        Assert.Equal(Ids, decoded.Schema);
        Assert.Equal("Range (-9223372036854775808, 9223372036854775807, step=1, partitions=16)", decoded.Describe());
    }

    [Fact]
    public void A_partition_yields_its_slice_in_batches_of_the_batch_size()
    {
        var plan = Range(100, 0, -3, 3);
        var all = new List<long>();
        for (var p = 0; p < 3; p++)
        {
            var batches = Run(plan, p, 4);
            Assert.All(batches.SkipLast(1), b => Assert.Equal(4, b.Count));
            Assert.InRange(batches.Sum(b => b.Count), 11, 12);
            all.AddRange(batches.SelectMany(b => b));
        }

        Assert.Equal(Enumerable.Range(0, 34).Select(i => 100L - (3 * i)), all);
    }

    [Fact]
    public void Slices_at_the_ends_of_long_do_not_wrap()
    {
        var plan = Range(long.MaxValue - 7, long.MaxValue, 2, 2);
        Assert.Equal([[long.MaxValue - 7, long.MaxValue - 5]], Run(plan, 0, 8));
        Assert.Equal([[long.MaxValue - 3], [long.MaxValue - 1]], Run(plan, 1, 1));

        var down = Range(long.MinValue + 3, long.MinValue, -1, 1);
        Assert.Equal([[long.MinValue + 3, long.MinValue + 2, long.MinValue + 1]], Run(down, 0, 100));
    }

    [Fact]
    public void Empty_slices_yield_no_batches()
    {
        Assert.Empty(Run(Range(0, 0, 1, 1), 0, 10));
        Assert.Empty(Run(Range(0, 2, 1, 5), 0, 10));
        Assert.Equal([[1L]], Run(Range(0, 2, 1, 5), 4, 10));
    }

    public void Dispose() => _disk.Dispose();
}
