using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using static Kiln.Execution.Tests.Expressions.ExprTestKit;

namespace Kiln.Execution.Tests.Expressions;

public class ArithmeticTests
{
    public static TheoryData<int> Sizes => new() { 0, 1, 7, 31, 33, 1000, 1025 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Int_arithmetic_matches_wrapping_scalar_math_for_every_tail_length(int n)
    {
        var rnd = new Random(n);
        var a = Enumerable.Range(0, n).Select(_ => rnd.Next(int.MinValue, int.MaxValue)).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => rnd.Next(int.MinValue, int.MaxValue)).ToArray();
        var batch = Batch(Vec(DataType.Int32, a.Cast<object?>().ToArray()), Vec(DataType.Int32, b.Cast<object?>().ToArray()));
        var x = Col(0, DataType.Int32);
        var y = Col(1, DataType.Int32);
        var sum = Eval(Bin(BinaryOp.Add, x, y, DataType.Int32), batch);
        var diff = Eval(Bin(BinaryOp.Subtract, x, y, DataType.Int32), batch);
        var prod = Eval(Bin(BinaryOp.Multiply, x, y, DataType.Int32), batch);
        var plus7 = Eval(Bin(BinaryOp.Add, x, Lit(7), DataType.Int32), batch);
        var sevenMinus = Eval(Bin(BinaryOp.Subtract, Lit(7), x, DataType.Int32), batch);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(unchecked(a[i] + b[i]), sum[i]);
            Assert.Equal(unchecked(a[i] - b[i]), diff[i]);
            Assert.Equal(unchecked(a[i] * b[i]), prod[i]);
            Assert.Equal(unchecked(a[i] + 7), plus7[i]);
            Assert.Equal(unchecked(7 - a[i]), sevenMinus[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Long_and_double_arithmetic_match_scalar_math(int n)
    {
        var a = Enumerable.Range(0, n).Select(i => (long)i * 1_000_000_007L - 5).ToArray();
        var d = Enumerable.Range(0, n).Select(i => (i * 0.5) - 3).ToArray();
        var batch = Batch(Vec(DataType.Int64, a.Cast<object?>().ToArray()), Vec(DataType.Float64, d.Cast<object?>().ToArray()));
        var prod = Eval(Bin(BinaryOp.Multiply, Col(0, DataType.Int64), Lit(3L), DataType.Int64), batch);
        var dsum = Eval(Bin(BinaryOp.Subtract, Col(1, DataType.Float64), Col(1, DataType.Float64), DataType.Float64), batch);
        var dmul = Eval(Bin(BinaryOp.Multiply, Lit(2.5), Col(1, DataType.Float64), DataType.Float64), batch);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(a[i] * 3, prod[i]);
            Assert.Equal(0.0, dsum[i]);
            Assert.Equal(2.5 * d[i], dmul[i]);
        }
    }

    [Fact]
    public void Integer_overflow_wraps_like_java()
    {
        Assert.Equal(int.MinValue, Eval1(c => Bin(BinaryOp.Add, c, Lit(1), DataType.Int32), DataType.Int32, int.MaxValue)[0]);
        Assert.Equal(long.MinValue, Eval1(c => Bin(BinaryOp.Add, c, Lit(1L), DataType.Int64), DataType.Int64, long.MaxValue)[0]);
        Assert.Equal(int.MinValue, Eval1(c => new UnaryExpr(UnaryOp.Negate, c), DataType.Int32, int.MinValue)[0]);
        Assert.Equal(-2, Eval1(c => Bin(BinaryOp.Multiply, c, Lit(2), DataType.Int32), DataType.Int32, int.MaxValue)[0]);
    }

    [Fact]
    public void Nulls_propagate_through_arithmetic()
    {
        var r = Eval(
            Bin(BinaryOp.Add, Col(0, DataType.Int32), Col(1, DataType.Int32), DataType.Int32),
            Batch(Vec(DataType.Int32, 1, null, 3, null), Vec(DataType.Int32, 10, 20, null, null)));
        Assert.Equal(new object?[] { 11, null, null, null }, r);
        Assert.All(Eval1(c => Bin(BinaryOp.Add, c, Null(DataType.Int32), DataType.Int32), DataType.Int32, 1, 2), Assert.Null);
    }

    [Fact]
    public void Division_by_zero_is_null_for_doubles_too()
    {
        var r = Eval(
            Bin(BinaryOp.Divide, Col(0, DataType.Float64), Col(1, DataType.Float64), DataType.Float64),
            Batch(Vec(DataType.Float64, 1.0, 1.0, 0.0, 7.0, null), Vec(DataType.Float64, 0.0, -0.0, 0.0, 2.0, 1.0)));
        Assert.Equal(new object?[] { null, null, null, 3.5, null }, r);
    }

    [Fact]
    public void Modulo_follows_the_dividend_sign_and_zero_gives_null()
    {
        var batch = Batch(Vec(DataType.Int32, 7, -7, 7, -7, 5, int.MinValue), Vec(DataType.Int32, 3, 3, -3, -3, 0, -1));
        var r = Eval(Bin(BinaryOp.Modulo, Col(0, DataType.Int32), Col(1, DataType.Int32), DataType.Int32), batch);
        Assert.Equal(new object?[] { 1, -1, 1, -1, null, 0 }, r);
        var longs = Eval1(c => Bin(BinaryOp.Modulo, c, Lit(-1L), DataType.Int64), DataType.Int64, long.MinValue, 9L);
        Assert.Equal(new object?[] { 0L, 0L }, longs);
        var d = Eval1(c => Bin(BinaryOp.Modulo, c, Lit(2.0), DataType.Float64), DataType.Float64, -5.5, 5.5);
        Assert.Equal(new object?[] { -1.5, 1.5 }, d);
        Assert.Null(Eval1(c => Bin(BinaryOp.Modulo, c, Lit(0.0), DataType.Float64), DataType.Float64, 1.0)[0]);
    }

    [Fact]
    public void Negate_and_abs()
    {
        Assert.Equal(new object?[] { -1.5, 2.0, null }, Eval1(c => new UnaryExpr(UnaryOp.Negate, c), DataType.Float64, 1.5, -2.0, null));
        Assert.Equal(new object?[] { 5, 5, int.MinValue, null }, Eval1(c => Fn("abs", DataType.Int32, c), DataType.Int32, -5, 5, int.MinValue, null));
        Assert.Equal(new object?[] { 1.25m }, Eval1(c => Fn("abs", DataType.Decimal(5, 2), c), DataType.Decimal(5, 2), -1.25m));
    }

    [Fact]
    public void Round_is_half_up_on_the_decimal_text_of_doubles()
    {
        var r = Eval1(c => Fn("round", DataType.Float64, c, Lit(2)), DataType.Float64, 1.005, 2.675, -2.675, 0.125, double.NaN, null);
        Assert.Equal(new object?[] { 1.01, 2.68, -2.68, 0.13, double.NaN, null }, r);
        Assert.Equal(new object?[] { 3.0, -3.0, 2.0 }, Eval1(c => Fn("round", DataType.Float64, c), DataType.Float64, 2.5, -2.5, 1.6));
        Assert.Equal(new object?[] { 1300.0, 1200.0 }, Eval1(c => Fn("round", DataType.Float64, c, Lit(-2)), DataType.Float64, 1250.0, 1249.0));
        Assert.Equal(new object?[] { 20, -20, 10 }, Eval1(c => Fn("round", DataType.Int32, c, Lit(-1)), DataType.Int32, 15, -15, 14));
        Assert.Equal(new object?[] { 7 }, Eval1(c => Fn("round", DataType.Int32, c, Lit(2)), DataType.Int32, 7));
    }

    [Fact]
    public void Round_of_decimals_uses_the_result_scale()
    {
        var r = Eval1(c => Fn("round", DataType.Decimal(4, 1), c, Lit(1)), DataType.Decimal(5, 2), 1.25m, -1.25m, 99.94m, 1.24m);
        Assert.Equal(new object?[] { 1.3m, -1.3m, 99.9m, 1.2m }, r);
        var whole = Eval1(c => Fn("round", DataType.Decimal(4, 0), c), DataType.Decimal(5, 2), 2.50m, -2.50m);
        Assert.Equal(new object?[] { 3m, -3m }, whole);
        var tens = Eval1(c => Fn("round", DataType.Decimal(4, 0), c, Lit(-1)), DataType.Decimal(5, 2), 15.00m, 14.99m);
        Assert.Equal(new object?[] { 20m, 10m }, tens);
    }
}
