using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>
/// Runs the rewrite rules in order until the plan stops changing (at most a few passes):
/// subqueries → joins, distinct → aggregate, constant folding and boolean simplification, predicate pushdown (through projections,
/// joins, aggregates and unions, into scans), projection pruning (down to the columns a scan reads) and
/// collapsing of adjacent projections.
/// </summary>
public sealed class LogicalOptimizer
{
    private readonly IReadOnlyList<IOptimizerRule> _rules;

    /// <param name="evaluateConstant">Evaluates a constant expression to a literal (the execution layer provides it).</param>
    public LogicalOptimizer(Func<Expr, Literal> evaluateConstant)
    {
        _rules =
        [
            new RewriteSubqueries(),
            new RewriteDistinctAggregates(),
            new ReplaceDistinct(),
            new ConstantFolding(evaluateConstant),
            new ReorderJoins(),
            new PushDownPredicates(),
            new ConstantFolding(evaluateConstant),
            new PruneColumns(),
            new CollapseProjects(),
        ];
    }

    public IReadOnlyList<IOptimizerRule> Rules => _rules;

    public LogicalPlan Optimize(LogicalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        for (var pass = 0; pass < 4; pass++)
        {
            var before = plan.TreeString();
            foreach (var rule in _rules)
            {
                plan = rule.Apply(plan);
            }

            if (plan.TreeString() == before)
            {
                break;
            }
        }

        return plan;
    }
}
