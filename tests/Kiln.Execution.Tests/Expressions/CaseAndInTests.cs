using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using static Kiln.Execution.Tests.Expressions.ExprTestKit;

namespace Kiln.Execution.Tests.Expressions;

public class CaseAndInTests
{
    [Fact]
    public void Case_takes_the_first_true_branch_and_null_is_not_true()
    {
        var x = Col(0, DataType.Int32);
        var c = new CaseExpr(
            [
                Bin(BinaryOp.LessThan, x, Lit(0)), Lit("neg"),
                Bin(BinaryOp.LessThan, x, Lit(10)), Lit("small"),
                Bin(BinaryOp.LessThan, x, Lit(100)), Lit("medium"),
                Lit("large"),
            ],
            HasElse: true);
        var r = Eval(c, Batch(Vec(DataType.Int32, -5, 3, 50, 500, null)));
        Assert.Equal(new object?[] { "neg", "small", "medium", "large", "large" }, r);
    }

    [Fact]
    public void Case_without_else_gives_null_and_branch_division_by_zero_is_harmless()
    {
        var x = Col(0, DataType.Float64);
        var c = new CaseExpr(
            [Bin(BinaryOp.NotEqual, x, Lit(0.0)), Bin(BinaryOp.Divide, Lit(1.0), x, DataType.Float64)],
            HasElse: false);
        Assert.Equal(new object?[] { 0.5, null, null }, Eval(c, Batch(Vec(DataType.Float64, 2.0, 0.0, null))));
    }

    [Fact]
    public void Case_branches_can_be_columns_with_nulls()
    {
        var c = new CaseExpr([Col(0, DataType.Boolean), Col(1, DataType.Int64), Col(2, DataType.Int64)], HasElse: true);
        var batch = Batch(Vec(DataType.Boolean, true, false, null, true), Vec(DataType.Int64, 1L, 2L, 3L, null), Vec(DataType.Int64, 10L, 20L, 30L, 40L));
        Assert.Equal(new object?[] { 1L, 20L, 30L, null }, Eval(c, batch));
    }

    [Fact]
    public void In_is_true_on_match_else_null_if_anything_is_null_else_false()
    {
        var x = Col(0, DataType.Int32);
        var batch = Batch(Vec(DataType.Int32, 1, 4, null));
        Assert.Equal(new object?[] { true, false, null }, Eval(new InExpr(x, [Lit(1), Lit(2), Lit(3)]), batch));
        Assert.Equal(new object?[] { true, null, null }, Eval(new InExpr(x, [Lit(1), Null(DataType.Int32)]), batch));
        Assert.Equal(new object?[] { false, true, null }, Eval(new InExpr(x, [Lit(1), Lit(2), Lit(3)], Negated: true), batch));
        Assert.Equal(new object?[] { false, null, null }, Eval(new InExpr(x, [Lit(1), Null(DataType.Int32)], Negated: true), batch));
    }

    [Fact]
    public void In_with_long_lists_strings_doubles_and_columns()
    {
        var many = Enumerable.Range(0, 500).Select(i => (Expr)Lit((long)i * 3)).ToArray();
        var longs = Eval1(c => new InExpr(c, many), DataType.Int64, 0L, 3L, 4L, 1497L, 1500L);
        Assert.Equal(new object?[] { true, true, false, true, false }, longs);
        var words = Enumerable.Range(0, 50).Select(i => (Expr)Lit("w" + i)).Append(Lit("日本")).ToArray();
        Assert.Equal(new object?[] { true, true, false, null }, Eval1(c => new InExpr(c, words), DataType.String, "w7", "日本", "w", null));
        Assert.Equal(new object?[] { true, true, false }, Eval1(c => new InExpr(c, [Lit(double.NaN), Lit(0.0)]), DataType.Float64, double.NaN, -0.0, 1.0));
        var batch = Batch(Vec(DataType.Int32, 1, 2, 3), Vec(DataType.Int32, 9, 2, null));
        Assert.Equal(new object?[] { true, true, null }, Eval(new InExpr(Col(0, DataType.Int32), [Lit(1), Col(1, DataType.Int32)]), batch));
        Assert.Equal(new object?[] { false, false, null }, Eval(new InExpr(Col(0, DataType.Int32), [Lit(1), Col(1, DataType.Int32)], Negated: true), batch));
    }

    [Fact]
    public void In_list_items_needing_a_cast_are_folded_at_compile_time()
    {
        var items = new Expr[] { new CastExpr(Lit(2), DataType.Int64), new CastExpr(Lit("7"), DataType.Int64) };
        Assert.Equal(new object?[] { true, true, false }, Eval1(c => new InExpr(c, items), DataType.Int64, 2L, 7L, 3L));
    }
}
