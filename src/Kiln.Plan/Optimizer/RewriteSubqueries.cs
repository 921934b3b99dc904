using Kiln.Common.Errors;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>
/// Turns subquery expressions into joins (Spark's RewritePredicateSubquery and RewriteCorrelatedScalarSubquery),
/// innermost subqueries first. The correlated conditions of a subquery are pulled up to its top
/// (<see cref="CorrelatedPredicates"/>) and become (part of) the join condition, with outer references unwrapped:
/// <code>
/// Filter EXISTS(q) AND p             →  Join LeftSemi, corr          EXISTS
///                                         +- Filter p
/// Filter NOT EXISTS(q)               →  Join LeftAnti, corr          NOT EXISTS
/// Filter x IN (q)                    →  Join LeftSemi, (x = y) AND corr
/// Filter x NOT IN (q)                →  Join LeftAnti, ((x = y) OR ((x = y) IS NULL)) AND corr
/// Filter / Project with (scalar q)   →  Join LeftOuter with q's value column   (see ScalarSubqueryJoins)
/// </code>
/// The NOT IN condition makes a row match a subquery row when the comparison is TRUE or unknown, so a row is kept
/// only when every comparison is FALSE: a NULL in the subquery, or a NULL value against a non-empty subquery,
/// removes the row, as SQL says. The physical planner runs such a join as a null-aware anti join.
/// <para>
/// EXISTS and IN are supported as AND-ed conditions of WHERE and HAVING (each possibly under NOT), scalar
/// subqueries anywhere in WHERE, HAVING and the select list of a query without aggregation. Other placements
/// (inside OR or CASE, in ON, ORDER BY or an aggregating select list) are refused with an
/// <see cref="AnalysisException"/> that names the construct, never planned with other semantics.
/// </para>
/// </summary>
public sealed class RewriteSubqueries : IOptimizerRule
{
    public string Name => "RewriteSubqueries";

    public LogicalPlan Apply(LogicalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.TransformUp(RewriteNode);
    }

    /// <summary>Whether the expression holds a subquery expression.</summary>
    public static bool HasSubquery(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return expr.Descendants().Any(e => e is SubqueryExpr);
    }

    /// <summary>Every column of an enclosing query that <paramref name="subquery"/> reads must come from <paramref name="input"/>, the input of the node holding it.</summary>
    internal static void CheckOuterReferences(SubqueryExpr subquery, LogicalPlan input)
    {
        var available = input.Output.Select(a => a.Id).ToHashSet();
        if (subquery.OuterReferences.FirstOrDefault(o => o.Depth > 1 || !available.Contains(o.Attribute.Id)) is { } far)
        {
            throw new AnalysisException(
                $"the subquery refers to '{far.Attribute.Name}' of a query further out than the one immediately around it; only one level of correlation is supported",
                far.Attribute.Name)
            {
                Position = far.Position,
            };
        }
    }

    private LogicalPlan RewriteNode(LogicalPlan node)
    {
        if (!node.Expressions.Any(HasSubquery))
        {
            return node;
        }

        node = node.MapExpressions(e => e.Transform(x => x is SubqueryExpr s ? s with { Plan = Apply(s.Plan) } : x));
        return node switch
        {
            Filter f => RewriteFilter(f),
            Project p => RewriteProject(p),
            _ => throw Misplaced(node),
        };
    }

    private static LogicalPlan RewriteFilter(Filter filter)
    {
        var (child, conjuncts) = ScalarSubqueryJoins.Rewrite(filter.Child, Predicates.SplitConjuncts(filter.Condition).ToArray());
        var plain = new List<Expr>();
        var subqueries = new List<(SubqueryExpr Subquery, bool Negated)>();
        foreach (var c in conjuncts)
        {
            if (AsPredicateSubquery(c) is { } s)
            {
                subqueries.Add(s);
            }
            else
            {
                CheckNoSubquery(c, "WHERE or HAVING condition");
                plain.Add(c);
            }
        }

        var plan = Predicates.Combine(plain) is { } condition ? new Filter(condition, child) : child;
        foreach (var (subquery, negated) in subqueries)
        {
            try
            {
                plan = JoinPredicate(plan, subquery, negated);
            }
            catch (AnalysisException e) when (e.Position is null)
            {
                throw e.At(subquery.Position);
            }
        }

        return plan.Output.Count == filter.Output.Count ? plan : new Project(filter.Output.ToArray(), plan);
    }

    private static Project RewriteProject(Project project)
    {
        var (child, projections) = ScalarSubqueryJoins.Rewrite(project.Child, project.Projections);
        foreach (var p in projections)
        {
            CheckNoSubquery(p, "select list");
        }

        return new Project(projections, child);
    }

    private static Join JoinPredicate(LogicalPlan plan, SubqueryExpr subquery, bool negated)
    {
        CheckOuterReferences(subquery, plan);
        var (right, correlated) = CorrelatedPredicates.PullUp(subquery.Plan);
        var conditions = correlated.Select(CorrelatedPredicates.Unwrap).ToList();
        if (subquery is InSubquery i)
        {
            var column = right.Output.First(a => a.Id == subquery.Plan.Output[0].Id);
            var equal = new BinaryExpr(BinaryOp.Equal, i.Value, column);
            conditions.Insert(0, negated ? new BinaryExpr(BinaryOp.Or, equal, new UnaryExpr(UnaryOp.IsNull, equal)) : equal);
        }

        return new Join(plan, right, negated ? JoinType.LeftAnti : JoinType.LeftSemi, Predicates.Combine(conditions));
    }

    /// <summary>EXISTS or IN under any number of NOTs: the subquery and whether it is negated.</summary>
    private static (SubqueryExpr Subquery, bool Negated)? AsPredicateSubquery(Expr conjunct)
    {
        var negated = false;
        while (conjunct is UnaryExpr { Op: UnaryOp.Not } not)
        {
            negated = !negated;
            conjunct = not.Child;
        }

        return conjunct is ExistsSubquery or InSubquery ? ((SubqueryExpr)conjunct, negated) : null;
    }

    private static void CheckNoSubquery(Expr expr, string clause)
    {
        var subquery = expr.Descendants().OfType<SubqueryExpr>().FirstOrDefault();
        if (subquery is null)
        {
            return;
        }

        var construct = EnclosingConstruct(expr, subquery) is { } c ? $"inside {c}" : $"in a {clause}";
        throw new AnalysisException(
            $"{Kind(subquery)} {construct} is not supported: use EXISTS and IN subqueries as AND-ed conditions of WHERE or HAVING (each may be negated with NOT), in '{expr}'",
            expr.ToString())
        {
            Position = subquery.Position,
        };
    }

    /// <summary>The OR, CASE or other operator closest to the root on the way down to <paramref name="target"/>, if any.</summary>
    private static string? EnclosingConstruct(Expr root, Expr target)
    {
        var path = new List<Expr>();
        if (!PathTo(root, target, path))
        {
            return null;
        }

        foreach (var node in path)
        {
            switch (node)
            {
                case BinaryExpr { Op: BinaryOp.Or }:
                    return "OR";
                case CaseExpr:
                    return "CASE";
            }
        }

        var parent = path.Count >= 2 ? path[^2] : null;
        return parent switch
        {
            null or Alias => null,
            UnaryExpr { Op: UnaryOp.Not } => "NOT over a compound condition",
            _ => $"the expression '{parent}'",
        };
    }

    private static bool PathTo(Expr node, Expr target, List<Expr> path)
    {
        path.Add(node);
        if (ReferenceEquals(node, target) || node.Children.Any(c => PathTo(c, target, path)))
        {
            return true;
        }

        path.RemoveAt(path.Count - 1);
        return false;
    }

    private static string Kind(SubqueryExpr s) => s switch
    {
        ExistsSubquery => "EXISTS (subquery)",
        InSubquery => "IN (subquery)",
        _ => "a scalar subquery",
    };

    private static AnalysisException Misplaced(LogicalPlan node)
    {
        var subquery = node.Expressions.SelectMany(e => e.Descendants()).OfType<SubqueryExpr>().First();
        var where = node switch
        {
            Aggregate => "in the select list or GROUP BY of a query that aggregates is not supported yet; aggregate in a FROM subquery and use the subquery in the query around it",
            Join => "in a join's ON condition is not supported; move the condition to WHERE",
            Sort => "in ORDER BY is not supported; select it under an alias and order by the alias",
            _ => $"in '{node.Describe()}' is not supported",
        };
        return new AnalysisException($"{Kind(subquery)} {where}", subquery.ToString()) { Position = subquery.Position };
    }
}
