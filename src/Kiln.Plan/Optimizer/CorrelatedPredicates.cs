using Kiln.Common.Errors;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>
/// Pulls the correlated conditions of a subquery's plan (those reading <see cref="OuterRef"/>s) up to its top, so
/// the subquery can be joined to the enclosing query on them:
/// <code>
///   Project [a]                            Project [a, k]                (k kept for the join)
///   +- Filter (k = outer(o.k)) AND p   →   +- Filter p                   pulled up: (k = outer(o.k))
///      +- Scan t                              +- Scan t
/// </code>
/// Conditions move through filters, projections (which keep the columns the conditions read), table aliases,
/// sorts, DISTINCT, both sides of inner joins and the left side of left outer, semi and anti joins. Through an
/// aggregate only equalities move, and their subquery side becomes an extra grouping key (rows with
/// <c>k = o.k</c> grouped by g are the rows grouped by (g, k) with that k). Anything else that reads an outer
/// column (a LIMIT over correlated rows, an outer column in a select list, ...) is refused with an
/// <see cref="AnalysisException"/> naming the construct.
/// </summary>
public static class CorrelatedPredicates
{
    /// <summary>The plan without its correlated conditions, and those conditions (still holding <see cref="OuterRef"/>s).</summary>
    public static (LogicalPlan Plan, IReadOnlyList<Expr> Predicates) PullUp(LogicalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var (result, predicates) = Pull(plan);
        if (result.Descendants().SelectMany(n => n.Expressions).FirstOrDefault(HasOuter) is { } stray)
        {
            throw new AnalysisException(
                $"the correlated reference in '{stray}' cannot be turned into a join condition; a subquery may refer to the enclosing query only in its WHERE or HAVING conditions",
                stray.ToString());
        }

        return (result, predicates);
    }

    /// <summary>Whether the expression reads a column of an enclosing query.</summary>
    public static bool HasOuter(Expr expr) => expr.Descendants().Any(e => e is OuterRef);

    /// <summary>The expression with each <see cref="OuterRef"/> replaced by the attribute it stands for.</summary>
    public static Expr Unwrap(Expr expr) => expr.Transform(e => e is OuterRef o ? o.Attribute : e);

    /// <summary>
    /// Splits a correlated equality into its subquery side (no outer column) and its outer side (only outer
    /// columns), or returns null when the condition has another shape.
    /// </summary>
    public static (Expr Inner, Expr Outer)? AsEquality(Expr predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        if (predicate is not BinaryExpr { Op: BinaryOp.Equal } eq)
        {
            return null;
        }

        static bool OuterOnly(Expr e) => HasOuter(e) && !e.References().Any();
        static bool InnerOnly(Expr e) => !HasOuter(e) && e.References().Any();
        if (InnerOnly(eq.Left) && OuterOnly(eq.Right))
        {
            return (eq.Left, eq.Right);
        }

        return InnerOnly(eq.Right) && OuterOnly(eq.Left) ? (eq.Right, eq.Left) : null;
    }

    private static bool IsCorrelated(LogicalPlan plan) => plan.Descendants().SelectMany(n => n.Expressions).Any(HasOuter);

    private static (LogicalPlan Plan, IReadOnlyList<Expr> Predicates) Pull(LogicalPlan plan)
    {
        if (!IsCorrelated(plan))
        {
            return (plan, []);
        }

        switch (plan)
        {
            case Filter f:
                {
                    var (child, predicates) = Pull(f.Child);
                    var conjuncts = Predicates.SplitConjuncts(f.Condition).ToList();
                    var local = Predicates.Combine(conjuncts.Where(c => !HasOuter(c)));
                    return (local is null ? child : new Filter(local, child), [.. predicates, .. conjuncts.Where(HasOuter)]);
                }

            case Project p:
                {
                    var (child, predicates) = Pull(p.Child);
                    if (p.Projections.FirstOrDefault(HasOuter) is { } item)
                    {
                        throw Refuse($"the select list item '{item}' reads a column of the enclosing query; only WHERE and HAVING conditions of a subquery may", item);
                    }

                    return (new Project([.. p.Projections, .. Missing(predicates, p.Output, child.Output)], child), predicates);
                }

            case SubqueryAlias a:
                {
                    var (child, predicates) = Pull(a.Child);
                    return (a with { Child = child }, predicates);
                }

            case Sort s:
                {
                    var (child, predicates) = Pull(s.Child);
                    return (s with { Child = child }, predicates);
                }

            case Distinct d:
                {
                    var (child, predicates) = Pull(d.Child);
                    return (d with { Child = child }, predicates);
                }

            case Aggregate a:
                return PullThroughAggregate(a);
            case Join j:
                return PullThroughJoin(j);
            case Limit:
                throw Refuse("a LIMIT over rows chosen by a correlated condition cannot be decorrelated; remove the LIMIT or the correlation", null);
            default:
                throw Refuse($"a correlated condition below '{plan.Describe()}' cannot be decorrelated", null);
        }
    }

    private static (LogicalPlan Plan, IReadOnlyList<Expr> Predicates) PullThroughAggregate(Aggregate a)
    {
        if (a.Expressions.FirstOrDefault(HasOuter) is { } e)
        {
            throw Refuse($"'{e}' reads a column of the enclosing query inside an aggregation; only WHERE and HAVING conditions of a subquery may", e);
        }

        var (child, predicates) = Pull(a.Child);
        if (a.Groupings.Count == 0)
        {
            throw Refuse(
                "a subquery that aggregates rows chosen by a correlated condition without GROUP BY returns one row for every outer row; as EXISTS or IN operand this is not supported (compare the aggregate in a scalar subquery instead)",
                null);
        }

        var groupings = a.Groupings.ToList();
        var outputs = a.Aggregates.ToList();
        var pulled = new List<Expr>();
        foreach (var p in predicates)
        {
            if (AsEquality(p) is not { } eq)
            {
                throw Refuse($"the correlated condition '{p}' sits below a GROUP BY; there only equalities between a subquery column and an enclosing column are supported", p);
            }

            var key = outputs.Select(o => (INamedExpr)o).FirstOrDefault(o => o is AttributeRef r && r.Equals(eq.Inner) || o is Alias al && al.Child.Equals(eq.Inner));
            if (key is null)
            {
                var named = eq.Inner is AttributeRef r ? (Expr)r : new Alias(eq.Inner, $"_corr{outputs.Count}");
                groupings.Add(eq.Inner);
                outputs.Add(named);
                key = (INamedExpr)named;
            }
            else if (!groupings.Contains(eq.Inner))
            {
                groupings.Add(eq.Inner);
            }

            pulled.Add(new BinaryExpr(BinaryOp.Equal, key.ToAttribute(), eq.Outer));
        }

        return (new Aggregate(groupings, outputs, child), pulled);
    }

    private static (LogicalPlan Plan, IReadOnlyList<Expr> Predicates) PullThroughJoin(Join j)
    {
        var conditionCorrelated = j.Condition is not null && HasOuter(j.Condition);
        switch (j.Type)
        {
            case JoinType.Inner or JoinType.Cross:
                {
                    var (left, lp) = Pull(j.Left);
                    var (right, rp) = Pull(j.Right);
                    var conjuncts = j.Condition is null ? [] : Predicates.SplitConjuncts(j.Condition).ToList();
                    var local = Predicates.Combine(conjuncts.Where(c => !HasOuter(c)));
                    var type = j.Type == JoinType.Cross && local is not null ? JoinType.Inner : j.Type;
                    return (new Join(left, right, local is null && type == JoinType.Inner ? JoinType.Cross : type, local), [.. lp, .. rp, .. conjuncts.Where(HasOuter)]);
                }

            case JoinType.LeftOuter or JoinType.LeftSemi or JoinType.LeftAnti or JoinType.Existence when !conditionCorrelated && !IsCorrelated(j.Right):
                {
                    var (left, predicates) = Pull(j.Left);
                    return (j with { Left = left }, predicates);
                }

            case JoinType.RightOuter when !conditionCorrelated && !IsCorrelated(j.Left):
                {
                    var (right, predicates) = Pull(j.Right);
                    return (j with { Right = right }, predicates);
                }

            default:
                throw Refuse($"a correlated condition inside a {j.Type} join cannot be decorrelated; correlate only through WHERE conditions or inner joins", j.Condition);
        }
    }

    /// <summary>Columns the predicates read that a projection would otherwise drop.</summary>
    private static IEnumerable<Expr> Missing(IReadOnlyList<Expr> predicates, IReadOnlyList<AttributeRef> output, IReadOnlyList<AttributeRef> input)
    {
        var have = output.Select(a => a.Id).ToHashSet();
        var available = input.ToDictionary(a => a.Id);
        foreach (var r in predicates.SelectMany(p => p.References()).DistinctBy(r => r.Id))
        {
            if (!have.Contains(r.Id) && available.TryGetValue(r.Id, out var a))
            {
                yield return a;
            }
        }
    }

    private static AnalysisException Refuse(string message, Expr? at) =>
        new(message, at?.ToString()) { Position = at?.Position };
}
