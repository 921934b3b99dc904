using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>DISTINCT becomes a grouping on every column with no aggregate, which the hash aggregation runs.</summary>
public sealed class ReplaceDistinct : IOptimizerRule
{
    public string Name => "ReplaceDistinct";

    public LogicalPlan Apply(LogicalPlan plan) => plan.TransformUp(p => p is Distinct d
        ? new Aggregate(d.Child.Output.Cast<Expr>().ToArray(), d.Child.Output.Cast<Expr>().ToArray(), d.Child)
        : p);
}
