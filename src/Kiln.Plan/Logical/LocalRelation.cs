using Kiln.Common.Batches;
using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>Rows held in memory, from createDataFrame or a constant-folded empty result.</summary>
public sealed record LocalRelation(IReadOnlyList<AttributeRef> Attributes, IReadOnlyList<RecordBatch> Batches) : LogicalPlan
{
    public override IReadOnlyList<AttributeRef> Output => Attributes;

    public override IReadOnlyList<LogicalPlan> Children => NoChildren;

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this;

    public long RowCount => Batches.Sum(b => (long)b.RowCount);

    public override string Describe() => $"LocalRelation [{Comma(Attributes)}] rows={RowCount}";
}
