using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>
/// Passes through the rows of its single-partition child when there is at most one, and throws
/// <see cref="ScalarSubqueryException"/> otherwise: the guard on an uncorrelated scalar subquery's result.
/// </summary>
public sealed class EnforceSingleRowExec : ExecNode
{
    /// <summary>How many rows are counted before failing.</summary>
    internal const int RowsCounted = 2;

    public EnforceSingleRowExec(ExecNode child)
    {
        if (child.PartitionCount != 1)
        {
            throw new ArgumentException("the child must have a single partition (put a single-partition exchange below)", nameof(child));
        }

        Child = child;
    }

    public ExecNode Child { get; }

    public override Schema Schema => Child.Schema;

    public override IReadOnlyList<ExecNode> Children => [Child];

    public override int PartitionCount => 1;

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        RecordBatch? row = null;
        long rows = 0;
        foreach (var batch in Child.Execute(partition, context))
        {
            if (batch.RowCount == 0)
            {
                continue;
            }

            rows += batch.RowCount;
            if (rows >= RowsCounted)
            {
                throw new ScalarSubqueryException(rows);
            }

            row = batch;
        }

        if (row is not null)
        {
            yield return row;
        }
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => new EnforceSingleRowExec(children[0]);

    public override string Describe() => "EnforceSingleRow";

    public override void WriteFields(PlanWriter writer)
    {
    }
}
