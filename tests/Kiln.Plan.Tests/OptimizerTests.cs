using Kiln.Common.Types;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Optimizer;

namespace Kiln.Plan.Tests;

public sealed class OptimizerTests
{
    private static Scan Table(string name, params (string Name, DataType Type)[] columns)
    {
        var schema = new Schema(columns.Select(c => new Field(c.Name, c.Type)));
        var attributes = schema.Fields.Select(f => new AttributeRef(f.Name, ExprIds.Next(), f.Type, true)).ToArray();
        return new Scan(new FileSourceInfo("csv", [name], new Dictionary<string, string>(), schema), attributes);
    }

    private static LogicalPlan Optimize(LogicalPlan plan) =>
        new LogicalOptimizer(e => throw new InvalidOperationException($"unexpected constant {e}")).Optimize(plan);

    [Fact]
    public void Filters_are_pushed_into_the_scan_and_columns_pruned()
    {
        var t = Table("t", ("a", DataType.Int32), ("b", DataType.String), ("c", DataType.Float64));
        var filter = new Filter(ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.GreaterThan, new ColumnRef("a"), Literal.Of(5)), t.Output), t);
        var project = new Project([t.Output[1]], filter);
        var optimized = Optimize(project);
        var scan = Assert.IsType<Scan>(optimized is Project p ? p.Child : optimized);
        Assert.Single(scan.Filters);
        Assert.Equal(["a", "b"], scan.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Predicates_on_one_side_of_an_inner_join_move_below_it()
    {
        var l = Table("l", ("k", DataType.Int32), ("x", DataType.Int32));
        var r = Table("r", ("k2", DataType.Int32), ("y", DataType.Int32));
        var cond = ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.Equal, l.Output[0], r.Output[0]), [.. l.Output, .. r.Output]);
        var join = new Join(l, r, JoinType.Inner, cond);
        var where = ExpressionResolver.Resolve(
            new BinaryExpr(BinaryOp.And, new BinaryExpr(BinaryOp.GreaterThan, l.Output[1], Literal.Of(1)), new BinaryExpr(BinaryOp.LessThan, r.Output[1], Literal.Of(2))),
            join.Output);
        var optimized = Optimize(new Filter(where, join));
        var j = Assert.IsType<Join>(optimized);
        Assert.Single(Assert.IsType<Scan>(j.Left).Filters);
        Assert.Single(Assert.IsType<Scan>(j.Right).Filters);
    }

    [Fact]
    public void Predicates_on_the_null_side_of_a_left_join_stay_above_it()
    {
        var l = Table("l", ("k", DataType.Int32));
        var r = Table("r", ("k2", DataType.Int32), ("y", DataType.Int32));
        var cond = ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.Equal, l.Output[0], r.Output[0]), [.. l.Output, .. r.Output]);
        var join = new Join(l, r, JoinType.LeftOuter, cond);
        var where = ExpressionResolver.Resolve(new UnaryExpr(UnaryOp.IsNull, r.Output[1]), join.Output);
        var optimized = Optimize(new Filter(where, join));
        var f = Assert.IsType<Filter>(optimized);
        Assert.Empty(Assert.IsType<Scan>(((Join)f.Child).Right).Filters);
    }

    [Fact]
    public void Always_true_filters_disappear_and_never_true_filters_empty_the_plan()
    {
        var t = Table("t", ("a", DataType.Int32));
        Assert.IsType<Scan>(Optimize(new Filter(Literal.True, t)));
        Assert.IsType<LocalRelation>(Optimize(new Filter(new BinaryExpr(BinaryOp.And, Literal.False, ExpressionResolver.Resolve(new UnaryExpr(UnaryOp.IsNull, t.Output[0]), t.Output)), t)));
    }
}
