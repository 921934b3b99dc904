using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using static Kiln.Execution.Tests.Expressions.ExprTestKit;

namespace Kiln.Execution.Tests.Expressions;

public class LogicTests
{
    private static readonly bool?[] Values = [true, false, null];

    private static bool? And(bool? a, bool? b) => a == false || b == false ? false : a is null || b is null ? null : true;

    private static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a is null || b is null ? null : false;

    [Theory]
    [InlineData(9)]
    [InlineData(900)]
    [InlineData(1025)]
    public void And_or_not_follow_three_valued_truth_tables(int n)
    {
        var a = Enumerable.Range(0, n).Select(i => Values[i % 3]).ToArray();
        var b = Enumerable.Range(0, n).Select(i => Values[(i / 3) % 3]).ToArray();
        var batch = Batch(Vec(DataType.Boolean, a.Cast<object?>().ToArray()), Vec(DataType.Boolean, b.Cast<object?>().ToArray()));
        var x = Col(0, DataType.Boolean);
        var y = Col(1, DataType.Boolean);
        var and = Eval(Bin(BinaryOp.And, x, y), batch);
        var or = Eval(Bin(BinaryOp.Or, x, y), batch);
        var not = Eval(new UnaryExpr(UnaryOp.Not, x), batch);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(And(a[i], b[i]), (bool?)and[i]);
            Assert.Equal(Or(a[i], b[i]), (bool?)or[i]);
            Assert.Equal(a[i] is null ? null : !a[i], (bool?)not[i]);
        }
    }

    [Fact]
    public void Comparisons_with_null_are_null_and_combine_in_and_or()
    {
        var batch = Batch(Vec(DataType.Int32, 1, null, 5));
        var cmp = Bin(BinaryOp.GreaterThan, Col(0, DataType.Int32), Lit(2));
        Assert.Equal(new object?[] { false, null, true }, Eval(cmp, batch));
        Assert.Equal(new object?[] { false, false, false }, Eval(Bin(BinaryOp.And, cmp, Bin(BinaryOp.Equal, Lit(1), Lit(2))), batch));
        Assert.Equal(new object?[] { false, null, true }, Eval(Bin(BinaryOp.And, cmp, Lit(true)), batch));
        Assert.Equal(new object?[] { true, true, true }, Eval(Bin(BinaryOp.Or, cmp, Lit(true)), batch));
        Assert.Equal(new object?[] { false, null, true }, Eval(Bin(BinaryOp.Or, cmp, Lit(false)), batch));
        Assert.Equal(new object?[] { null, null, null }, Eval(Bin(BinaryOp.Equal, Col(0, DataType.Int32), Null(DataType.Int32)), batch));
    }

    [Fact]
    public void Is_null_and_is_not_null_are_never_null()
    {
        var values = Enumerable.Range(0, 130).Select(i => i % 5 == 0 ? null : (object?)$"s{i}").ToArray();
        var isNull = Eval1(c => new UnaryExpr(UnaryOp.IsNull, c), DataType.String, values);
        var isNotNull = Eval1(c => new UnaryExpr(UnaryOp.IsNotNull, c), DataType.String, values);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i] is null, isNull[i]);
            Assert.Equal(values[i] is not null, isNotNull[i]);
        }

        Assert.Equal(new object?[] { false, false }, Eval1(c => new UnaryExpr(UnaryOp.IsNull, c), DataType.Int32, 1, 2));
        Assert.Equal(new object?[] { true }, Eval(new UnaryExpr(UnaryOp.IsNull, Literal.Null), Batch(Vec(DataType.Int32, 1))));
    }

    [Fact]
    public void A_deciding_left_side_short_circuits_to_the_right_answer()
    {
        var batch = Batch(Vec(DataType.Boolean, false, false, false), Vec(DataType.Boolean, true, true, true), Vec(DataType.Boolean, null, true, false));
        Assert.Equal(new object?[] { false, false, false }, Eval(Bin(BinaryOp.And, Col(0, DataType.Boolean), Col(2, DataType.Boolean)), batch));
        Assert.Equal(new object?[] { true, true, true }, Eval(Bin(BinaryOp.Or, Col(1, DataType.Boolean), Col(2, DataType.Boolean)), batch));
        Assert.Equal(new object?[] { null, true, false }, Eval(Bin(BinaryOp.Or, Col(0, DataType.Boolean), Col(2, DataType.Boolean)), batch));
        Assert.Equal(new object?[] { null, true, false }, Eval(Bin(BinaryOp.And, Col(1, DataType.Boolean), Col(2, DataType.Boolean)), batch));
    }
}
