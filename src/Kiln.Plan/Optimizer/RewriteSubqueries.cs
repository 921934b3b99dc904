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
/// Filter a OR EXISTS(q)              →  Filter a OR m  over  Join Existence [m], corr
/// </code>
/// The NOT IN condition makes a row match a subquery row when the comparison is TRUE or unknown, so a row is kept
/// only when every comparison is FALSE: a NULL in the subquery, or a NULL value against a non-empty subquery,
/// removes the row, as SQL says. The physical planner runs such a join as a null-aware anti join.
/// <para>
/// EXISTS and IN elsewhere in WHERE, HAVING or a select list (under OR, CASE, NOT over a compound condition) become
/// existence joins, which add a boolean column per subquery (<see cref="MarkJoins"/>). Subqueries in ON, ORDER BY,
/// GROUP BY or inside an aggregate function are refused with an <see cref="AnalysisException"/> that names the
/// construct, never planned with other semantics.
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
        var marks = new MarkJoins(child);
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
                plain.Add(marks.Replace(c, Polarity.Positive));
            }
        }

        var plan = Predicates.Combine(plain) is { } condition ? new Filter(condition, marks.Plan) : marks.Plan;
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
        var marks = new MarkJoins(child);
        var replaced = projections.Select(p => marks.Replace(p, Polarity.Unknown)).ToArray();
        return new Project(replaced, marks.Plan);
    }

    private static Join JoinPredicate(LogicalPlan plan, SubqueryExpr subquery, bool negated)
    {
        CheckOuterReferences(subquery, plan);
        var (right, conditions) = Condition(subquery, nullAware: negated);
        return new Join(plan, right, negated ? JoinType.LeftAnti : JoinType.LeftSemi, Predicates.Combine(conditions));
    }

    /// <summary>
    /// The subquery's plan with its correlated conditions pulled out, and the join condition: those conditions and,
    /// for IN, the comparison with the subquery's column (null-aware: TRUE also when the comparison is unknown).
    /// </summary>
    private static (LogicalPlan Right, List<Expr> Conditions) Condition(SubqueryExpr subquery, bool nullAware)
    {
        var (right, correlated) = CorrelatedPredicates.PullUp(subquery.Plan);
        var conditions = correlated.Select(CorrelatedPredicates.Unwrap).ToList();
        if (subquery is InSubquery i)
        {
            var column = right.Output.First(a => a.Id == subquery.Plan.Output[0].Id);
            var equal = new BinaryExpr(BinaryOp.Equal, i.Value, column);
            conditions.Insert(0, nullAware ? new BinaryExpr(BinaryOp.Or, equal, new UnaryExpr(UnaryOp.IsNull, equal)) : equal);
        }

        return (right, conditions);
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

    /// <summary>
    /// How a filter's outcome depends on a sub-condition reached through AND, OR and NOT only: the row passes when the
    /// condition is TRUE, and with Kleene logic that depends only on whether a positive sub-condition is TRUE, or
    /// whether a negative one (under an odd number of NOTs) is FALSE. Anywhere else the exact value matters.
    /// </summary>
    private enum Polarity
    {
        Positive,
        Negative,
        Unknown,
    }

    /// <summary>
    /// Replaces EXISTS and IN subqueries that are not plain conjuncts (under OR, NOT over a compound condition, CASE,
    /// in a select list) by boolean columns of existence joins stacked on <see cref="Plan"/>:
    /// <list type="bullet">
    /// <item><c>EXISTS (q)</c> → mark(corr), exactly its value;</item>
    /// <item><c>x IN (q)</c> → m1 = mark((x = y) AND corr) where only TRUE matters (positive), m2 =
    /// mark(((x = y) OR (x = y) IS NULL) AND corr) where only FALSE matters (negative: IN is FALSE exactly when m2
    /// is), and <c>CASE WHEN m1 THEN TRUE WHEN m2 THEN NULL ELSE FALSE END</c> (the three-valued IN) elsewhere; m1
    /// alone when neither x nor y can be NULL.</item>
    /// </list>
    /// </summary>
    private sealed class MarkJoins(LogicalPlan plan)
    {
        public LogicalPlan Plan { get; private set; } = plan;

        public Expr Replace(Expr e, Polarity polarity) => e switch
        {
            _ when !HasSubquery(e) => e,
            UnaryExpr { Op: UnaryOp.Not } not => not with { Child = Replace(not.Child, Flip(polarity)) },
            BinaryExpr { Op: BinaryOp.And or BinaryOp.Or } b => b with { Left = Replace(b.Left, polarity), Right = Replace(b.Right, polarity) },
            ExistsSubquery s => Mark(s, nullAware: false),
            InSubquery i => In(i with { Value = Replace(i.Value, Polarity.Unknown) }, polarity),
            _ => e.WithChildren(e.Children.Select(c => Replace(c, Polarity.Unknown)).ToArray()),
        };

        private static Polarity Flip(Polarity p) => p switch
        {
            Polarity.Positive => Polarity.Negative,
            Polarity.Negative => Polarity.Positive,
            _ => Polarity.Unknown,
        };

        private Expr In(InSubquery i, Polarity polarity)
        {
            var exact = !i.Value.Nullable && !i.Plan.Output[0].Nullable;
            if (exact || polarity == Polarity.Positive)
            {
                return Mark(i, nullAware: false);
            }

            if (polarity == Polarity.Negative)
            {
                return Mark(i, nullAware: true);
            }

            var isTrue = Mark(i, nullAware: false);
            var notFalse = Mark(i, nullAware: true);
            return new CaseExpr([isTrue, Literal.True, notFalse, new Literal(null, Common.Types.DataType.Boolean), Literal.False], true);
        }

        private AttributeRef Mark(SubqueryExpr subquery, bool nullAware)
        {
            try
            {
                CheckOuterReferences(subquery, Plan);
                var (right, conditions) = Condition(subquery, nullAware);
                var mark = new AttributeRef(subquery is ExistsSubquery ? "exists" : "in", ExprIds.Next(), Common.Types.DataType.Boolean, false);
                Plan = new Join(Plan, right, JoinType.Existence, Predicates.Combine(conditions)) { Mark = mark };
                return mark;
            }
            catch (AnalysisException e) when (e.Position is null)
            {
                throw e.At(subquery.Position);
            }
        }
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
            Aggregate => "in GROUP BY or inside an aggregate function is not supported yet; compute it in a FROM subquery first",
            Join => "in a join's ON condition is not supported; move the condition to WHERE",
            Sort => "in ORDER BY is not supported; select it under an alias and order by the alias",
            _ => $"in '{node.Describe()}' is not supported",
        };
        return new AnalysisException($"{Kind(subquery)} {where}", subquery.ToString()) { Position = subquery.Position };
    }
}
