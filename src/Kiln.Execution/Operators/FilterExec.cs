using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Expressions;
using Kiln.Execution.Physical;
using Kiln.Plan.Expressions;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>Keeps the rows for which the bound condition is TRUE; batches that keep every row pass through untouched.</summary>
public sealed class FilterExec : ExecNode
{
    public FilterExec(Expr condition, ExecNode child)
    {
        Condition = condition;
        Child = child;
    }

    public Expr Condition { get; }

    public ExecNode Child { get; }

    public override Schema Schema => Child.Schema;

    public override IReadOnlyList<ExecNode> Children => [Child];

    public override int PartitionCount => Child.PartitionCount;

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context) =>
        Apply(ExpressionEvaluator.Compile(Condition), Child.Execute(partition, context));

    /// <summary>Filters a stream of batches by a compiled predicate; shared with scans that apply pushed filters.</summary>
    public static IEnumerable<RecordBatch> Apply(IPhysicalExpr predicate, IEnumerable<RecordBatch> input)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(input);
        foreach (var batch in input)
        {
            var rows = Expressions.Predicate.Select(predicate.Evaluate(batch));
            if (rows.Length == batch.RowCount)
            {
                yield return batch;
            }
            else if (rows.Length > 0)
            {
                yield return batch.Gather(rows);
            }
        }
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => new FilterExec(Condition, children[0]);

    public override string Describe() => $"Filter {Condition}";

    public override void WriteFields(PlanWriter writer) => writer?.Write(Condition);

    public static FilterExec Read(PlanReader reader, ExecNode child) => new(reader?.ReadExpr() ?? throw new ArgumentNullException(nameof(reader)), child);
}
