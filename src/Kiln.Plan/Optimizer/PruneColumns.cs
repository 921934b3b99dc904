using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>
/// Keeps only the columns some ancestor reads: unused projections are dropped and scans read only the
/// columns the query needs (the CSV and JSON readers then skip parsing the others).
/// </summary>
public sealed class PruneColumns : IOptimizerRule
{
    public string Name => "PruneColumns";

    public LogicalPlan Apply(LogicalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Prune(plan, plan.Output.Select(a => a.Id).ToHashSet());
    }

    private static LogicalPlan Prune(LogicalPlan plan, HashSet<long> required)
    {
        switch (plan)
        {
            case Project p:
                {
                    var kept = p.Projections.Where(e => required.Contains(((INamedExpr)e).Id)).ToArray();
                    if (kept.Length == 0)
                    {
                        kept = [p.Projections[0]];
                    }

                    var child = Prune(p.Child, Refs(kept));
                    return IsIdentity(kept, child) ? child : new Project(kept, child);
                }

            case Filter f:
                return f with { Child = Prune(f.Child, Union(required, Refs([f.Condition]))) };
            case Sort s:
                return s with { Child = Prune(s.Child, Union(required, Refs(s.Order.Select(o => o.Expr)))) };
            case Limit l:
                return l with { Child = Prune(l.Child, required) };
            case SubqueryAlias a:
                return a with { Child = Prune(a.Child, required) };
            case Aggregate a:
                return a with { Child = Prune(a.Child, Refs(a.Groupings.Concat(a.Aggregates))) };
            case Window w:
                {
                    var needed = Union(required, Refs(w.WindowExpressions));
                    needed.IntersectWith(w.Child.Output.Select(a => a.Id));
                    return w with { Child = Prune(w.Child, needed) };
                }

            case Join j:
                {
                    var needed = j.Condition is null ? required : Union(required, Refs([j.Condition]));
                    return j with { Left = Prune(j.Left, needed), Right = Prune(j.Right, needed) };
                }

            case Scan s:
                {
                    var needed = Union(required, Refs(s.Filters));
                    var columns = s.Attributes.Where(a => needed.Contains(a.Id)).ToArray();
                    return s with { Columns = columns.Length == 0 ? [s.Attributes[0]] : columns };
                }

            default:
                return plan.WithChildren(plan.Children.Select(c => Prune(c, c.Output.Select(a => a.Id).ToHashSet())).ToArray());
        }
    }

    private static bool IsIdentity(IReadOnlyList<Expr> projections, LogicalPlan child)
    {
        var output = child.Output;
        return projections.Count == output.Count
            && projections.Select((e, i) => e is AttributeRef a && a.Id == output[i].Id && a.Name == output[i].Name).All(x => x);
    }

    private static HashSet<long> Refs(IEnumerable<Expr> exprs) => exprs.SelectMany(e => e.References()).Select(a => a.Id).ToHashSet();

    private static HashSet<long> Union(HashSet<long> a, HashSet<long> b)
    {
        var result = new HashSet<long>(a);
        result.UnionWith(b);
        return result;
    }
}
