using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>
/// Merges a projection directly over another into one, substituting the inner aliases; not when that would copy
/// user code (a UDF) into several places, which would run it more than once per row.
/// </summary>
public sealed class CollapseProjects : IOptimizerRule
{
    public string Name => "CollapseProjects";

    public LogicalPlan Apply(LogicalPlan plan) => plan.TransformUp(p =>
        p is Project { Child: Project inner } outer && (inner.Projections.All(Predicates.IsDeterministic) || outer.Projections.All(e => e is AttributeRef or Alias { Child: AttributeRef }))
            ? new Project(outer.Projections.Select(e => Merge(e, inner.Projections)).ToArray(), inner.Child)
            : p);

    private static Expr Merge(Expr outer, IReadOnlyList<Expr> inner)
    {
        switch (outer)
        {
            case AttributeRef a:
                {
                    var source = inner.FirstOrDefault(e => ((INamedExpr)e).Id == a.Id);
                    return source is Alias alias ? alias with { Name = a.Name } : outer;
                }

            case Alias alias:
                return alias with { Child = Predicates.Substitute(alias.Child, inner) };
            default:
                return outer;
        }
    }
}
