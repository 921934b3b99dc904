using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Tasks;
using Kiln.Plan.Expressions;

namespace Kiln.Scheduler.Stages;

/// <summary>Turns the sort-key samples of a range-partitioned stage into partition bounds.</summary>
public static class RangeBounds
{
    public static Schema KeySchema(IReadOnlyList<SortOrder> order) =>
        new(order.Select((o, i) => new Field($"k{i}", o.Expr.Type)));

    public static RecordBatch? Compute(IReadOnlyList<RecordBatch> samples, Schema keySchema, IReadOnlyList<SortOrder> order, int partitions)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Sum(s => s.RowCount) == 0)
        {
            return null;
        }

        return RangePartitioner.FromSamples(keySchema, TaskRunner.SortKeys(order), samples, partitions).Bounds;
    }
}
