using Kiln.Common.Types;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Optimizer;

namespace Kiln.Plan.Tests;

/// <summary>Join reordering of comma-separated FROM lists and factoring of conditions shared by every OR branch.</summary>
public sealed class JoinOrderTests
{
    private static Scan Table(string name, params string[] columns)
    {
        var schema = new Schema(columns.Select(c => new Field(c, DataType.Int32)));
        var attributes = schema.Fields.Select(f => new AttributeRef(f.Name, ExprIds.Next(), f.Type, true)).ToArray();
        return new Scan(new FileSourceInfo("csv", [name], new Dictionary<string, string>(), schema), attributes);
    }

    private static LogicalPlan Optimize(LogicalPlan plan) =>
        new LogicalOptimizer(e => throw new InvalidOperationException($"unexpected constant {e}")).Optimize(plan);

    private static Expr Eq(Expr a, Expr b) => new BinaryExpr(BinaryOp.Equal, a, b);

    private static IEnumerable<Join> Joins(LogicalPlan plan) =>
        (plan is Join j ? [j] : Enumerable.Empty<Join>()).Concat(plan.Children.SelectMany(Joins));

    [Fact]
    public void A_comma_join_without_a_condition_between_neighbours_is_reordered_to_avoid_a_cartesian_product()
    {
        // FROM p, s, l WHERE p.pk = l.pk AND s.sk = l.sk: p and s share no condition.
        var p = Table("p", "pk");
        var s = Table("s", "sk");
        var l = Table("l", "lpk", "lsk");
        var from = new Join(new Join(p, s, JoinType.Cross, null), l, JoinType.Cross, null);
        var where = ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.And, Eq(p.Output[0], l.Output[0]), Eq(s.Output[0], l.Output[1])), from.Output);
        var optimized = Optimize(new Filter(where, from));

        Assert.All(Joins(optimized), j => Assert.Equal(JoinType.Inner, j.Type));
        Assert.Equal(from.Output.Select(a => a.Id), optimized.Output.Select(a => a.Id));
    }

    [Fact]
    public void A_join_tree_without_a_filter_above_is_reordered_too()
    {
        // ((p CROSS s) JOIN l ON p.pk = l.pk AND s.sk = l.sk): what remains once a rewrite moved the filter away.
        var p = Table("p", "pk");
        var s = Table("s", "sk");
        var l = Table("l", "lpk", "lsk");
        var cross = new Join(p, s, JoinType.Cross, null);
        var on = ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.And, Eq(p.Output[0], l.Output[0]), Eq(s.Output[0], l.Output[1])), [.. cross.Output, .. l.Output]);
        var join = new Join(cross, l, JoinType.Inner, on);
        var optimized = Optimize(join);

        Assert.All(Joins(optimized), j => Assert.Equal(JoinType.Inner, j.Type));
        Assert.Equal(join.Output.Select(a => a.Id), optimized.Output.Select(a => a.Id));
    }

    [Fact]
    public void A_comma_join_whose_order_connects_every_table_keeps_its_order()
    {
        var a = Table("a", "x");
        var b = Table("b", "x2", "y");
        var c = Table("c", "y2");
        var from = new Join(new Join(a, b, JoinType.Cross, null), c, JoinType.Cross, null);
        var where = ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.And, Eq(a.Output[0], b.Output[0]), Eq(b.Output[1], c.Output[0])), from.Output);
        var optimized = Optimize(new Filter(where, from));

        var top = Assert.IsType<Join>(optimized);
        Assert.Equal(c.Output[0].Id, top.Right.Output[0].Id);
        Assert.Equal(a.Output[0].Id, Assert.IsType<Join>(top.Left).Left.Output[0].Id);
    }

    [Fact]
    public void A_join_condition_repeated_in_every_OR_branch_becomes_the_join_condition()
    {
        // FROM l, p WHERE (p.k = l.k AND p.x = 1) OR (p.k = l.k AND p.x = 2), as in TPC-H Q19.
        var l = Table("l", "k");
        var p = Table("p", "k2", "x");
        var from = new Join(l, p, JoinType.Cross, null);
        var key = Eq(p.Output[0], l.Output[0]);
        var where = ExpressionResolver.Resolve(
            new BinaryExpr(
                BinaryOp.Or,
                new BinaryExpr(BinaryOp.And, key, Eq(p.Output[1], Literal.Of(1))),
                new BinaryExpr(BinaryOp.And, key, Eq(p.Output[1], Literal.Of(2)))),
            from.Output);
        var optimized = Optimize(new Filter(where, from));

        var join = Assert.Single(Joins(optimized));
        Assert.Equal(JoinType.Inner, join.Type);
        Assert.Contains(Predicates.SplitConjuncts(join.Condition!), c => c is BinaryExpr { Op: BinaryOp.Equal });
    }
}
