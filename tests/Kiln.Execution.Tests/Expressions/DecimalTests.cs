using Kiln.Common.Types;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using static Kiln.Execution.Tests.Expressions.ExprTestKit;

namespace Kiln.Execution.Tests.Expressions;

public class DecimalTests
{
    private static readonly DataType D72 = DataType.Decimal(7, 2);
    private static readonly DataType D103 = DataType.Decimal(10, 3);

    private static readonly decimal[] Left = [12345.67m, -0.01m, 99999.99m, -5.55m, 0m, 1.00m, -12345.67m];
    private static readonly decimal[] Right = [0.001m, 3.333m, -7.5m, 2.000m, 1.234m, 3.000m, -9999999.999m];

    private static object?[] Run(BinaryOp op, out DataType resultType)
    {
        resultType = TypeCoercion.DecimalResult(op, D72, D103);
        var batch = Batch(Vec(D72, Left.Cast<object?>().ToArray()), Vec(D103, Right.Cast<object?>().ToArray()));
        return Eval(Bin(op, Col(0, D72), Col(1, D103), resultType), batch);
    }

    private static decimal HalfUp(decimal value, int scale) => Math.Round(value, scale, MidpointRounding.AwayFromZero);

    [Theory]
    [InlineData(BinaryOp.Add)]
    [InlineData(BinaryOp.Subtract)]
    [InlineData(BinaryOp.Multiply)]
    [InlineData(BinaryOp.Modulo)]
    public void Exact_operations_match_system_decimal(BinaryOp op)
    {
        var r = Run(op, out var type);
        for (var i = 0; i < Left.Length; i++)
        {
            var expected = op switch
            {
                BinaryOp.Add => Left[i] + Right[i],
                BinaryOp.Subtract => Left[i] - Right[i],
                BinaryOp.Multiply => Left[i] * Right[i],
                _ => Left[i] % Right[i],
            };
            Assert.Equal(HalfUp(expected, type.Scale), r[i]);
        }
    }

    [Fact]
    public void Division_rounds_half_up_to_the_result_scale()
    {
        var r = Run(BinaryOp.Divide, out var type);
        Assert.Equal(DataType.Decimal(21, 13), type);
        for (var i = 0; i < Left.Length; i++)
        {
            Assert.Equal(HalfUp(Left[i] / Right[i], type.Scale), r[i]);
        }
    }

    [Fact]
    public void Division_and_modulo_by_zero_are_null()
    {
        var batch = Batch(Vec(D72, 1m, null, 2m), Vec(D72, 0m, 1m, 0.5m));
        var div = Eval(Bin(BinaryOp.Divide, Col(0, D72), Col(1, D72), TypeCoercion.DecimalResult(BinaryOp.Divide, D72, D72)), batch);
        Assert.Equal(new object?[] { null, null, 4m }, div);
        var mod = Eval(Bin(BinaryOp.Modulo, Col(0, D72), Col(1, D72), TypeCoercion.DecimalResult(BinaryOp.Modulo, D72, D72)), batch);
        Assert.Equal(new object?[] { null, null, 0m }, mod);
    }

    [Fact]
    public void Results_beyond_the_result_precision_are_null()
    {
        var d38 = DataType.Decimal(38, 0);
        var big = Vec(d38, decimal.MaxValue, 5m);
        var type = TypeCoercion.DecimalResult(BinaryOp.Multiply, d38, d38);
        var r = Eval(Bin(BinaryOp.Multiply, Col(0, d38), Col(0, d38), type), Batch(big));
        Assert.Null(r[0]);
        Assert.Equal(25m, r[1]);
    }

    [Fact]
    public void Wide_types_fall_back_to_big_integers_and_still_round()
    {
        var a = DataType.Decimal(38, 10);
        var b = DataType.Decimal(38, 20);
        var type = TypeCoercion.DecimalResult(BinaryOp.Add, a, b);
        Assert.True(type.Scale < 20);
        var r = Eval(Bin(BinaryOp.Add, Col(0, a), Col(1, b), type), Batch(Vec(a, 1.5m), Vec(b, 0.00000000000000000005m)));
        Assert.Equal(HalfUp(1.50000000000000000005m, type.Scale), r[0]);
        var divType = TypeCoercion.DecimalResult(BinaryOp.Divide, a, a);
        var q = Eval(Bin(BinaryOp.Divide, Col(0, a), Col(1, a), divType), Batch(Vec(a, 1m), Vec(a, 3m)));
        Assert.Equal(HalfUp(1m / 3m, divType.Scale), q[0]);
    }

    [Fact]
    public void Integer_operands_are_widened_to_decimals_by_the_resolver_shape()
    {
        var intAsDecimal = new CastExpr(Col(0, DataType.Int32), DataType.Decimal(10, 0));
        var type = TypeCoercion.DecimalResult(BinaryOp.Multiply, DataType.Decimal(10, 0), D72);
        var r = Eval(Bin(BinaryOp.Multiply, intAsDecimal, Lit(1.25m), type), Batch(Vec(DataType.Int32, 3, -4, null)));
        Assert.Equal(new object?[] { 3.75m, -5.00m, null }, r);
    }

    [Fact]
    public void Negate_and_compare_decimals()
    {
        Assert.Equal(new object?[] { -1.25m, 0m }, Eval1(c => new UnaryExpr(UnaryOp.Negate, c), D72, 1.25m, 0m));
        Assert.Equal(new object?[] { true, false }, Eval1(c => Bin(BinaryOp.Equal, c, Lit(1.25m) with { DataType = D72 }), D72, 1.25m, 1.26m));
    }
}
