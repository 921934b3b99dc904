using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>One rewrite of a logical plan that keeps its result unchanged.</summary>
public interface IOptimizerRule
{
    string Name { get; }

    LogicalPlan Apply(LogicalPlan plan);
}
