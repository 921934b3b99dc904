using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>
/// Evaluates constant sub-expressions once at planning time, simplifies boolean logic with literal operands
/// (three-valued: <c>x AND FALSE</c> is FALSE, <c>x OR TRUE</c> is TRUE, <c>x AND TRUE</c> is x), removes
/// filters that are always true and replaces filters that are never true by an empty relation. Conjuncts common
/// to both sides of an OR are factored out (<c>(a AND b) OR (a AND c)</c> is <c>a AND (b OR c)</c>, which holds in
/// three-valued logic too), so a join condition repeated in every branch (TPC-H Q19) becomes a join condition.
/// </summary>
public sealed class ConstantFolding : IOptimizerRule
{
    private readonly Func<Expr, Literal> _evaluate;

    public ConstantFolding(Func<Expr, Literal> evaluate) => _evaluate = evaluate;

    public string Name => "ConstantFolding";

    public LogicalPlan Apply(LogicalPlan plan) => plan.TransformUp(p => p switch
    {
        Filter f => FoldFilter(f with { Condition = Fold(f.Condition) }),
        Project pr => pr with { Projections = pr.Projections.Select(FoldNamed).ToArray() },
        Join j when j.Condition is not null => j with { Condition = Fold(j.Condition) },
        Aggregate a => a with { Groupings = a.Groupings.Select(Fold).ToArray(), Aggregates = a.Aggregates.Select(FoldNamed).ToArray() },
        _ => p,
    });

    private static LogicalPlan FoldFilter(Filter f) => f.Condition switch
    {
        Literal { Value: true } => f.Child,
        Literal => new LocalRelation(f.Output, []),
        _ => f,
    };

    private Expr FoldNamed(Expr named) => named is Alias a ? a with { Child = Fold(a.Child) } : named;

    public Expr Fold(Expr expr) => expr.Transform(e => e switch
    {
        Literal or AttributeRef or BoundRef or ColumnRef or AggregateExpr => e,
        BinaryExpr { Op: BinaryOp.And } b => SimplifyAnd(b),
        BinaryExpr { Op: BinaryOp.Or } b => SimplifyOr(b),
        _ when e.IsConstant && e.Children.All(c => c is Literal) => _evaluate(e),
        _ => e,
    });

    private static Expr SimplifyAnd(BinaryExpr b) => (b.Left, b.Right) switch
    {
        (Literal { Value: false }, _) or (_, Literal { Value: false }) => Literal.False,
        (Literal { Value: true }, var r) => r,
        (var l, Literal { Value: true }) => l,
        (Literal { Value: null }, Literal { Value: null }) => new Literal(null, DataType.Boolean),
        _ => b,
    };

    private static Expr SimplifyOr(BinaryExpr b) => (b.Left, b.Right) switch
    {
        (Literal { Value: true }, _) or (_, Literal { Value: true }) => Literal.True,
        (Literal { Value: false }, var r) => r,
        (var l, Literal { Value: false }) => l,
        (Literal { Value: null }, Literal { Value: null }) => new Literal(null, DataType.Boolean),
        _ => FactorCommonConjuncts(b),
    };

    private static Expr FactorCommonConjuncts(BinaryExpr or)
    {
        var left = Predicates.SplitConjuncts(or.Left).ToList();
        var right = Predicates.SplitConjuncts(or.Right).ToList();
        var common = left.Where(right.Contains).Distinct().ToList();
        if (common.Count == 0)
        {
            return or;
        }

        var restLeft = Predicates.Combine(left.Where(l => !common.Contains(l)));
        var restRight = Predicates.Combine(right.Where(r => !common.Contains(r)));

        // a OR (a AND c) is a: when either side has nothing left, the disjunction adds nothing.
        var factored = Predicates.Combine(common)!;
        return restLeft is null || restRight is null ? factored : new BinaryExpr(BinaryOp.And, factored, new BinaryExpr(BinaryOp.Or, restLeft, restRight));
    }
}
