using Kiln.Common.Types;
using Kiln.Execution.Expressions;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using static Kiln.Execution.Tests.Expressions.ExprTestKit;

namespace Kiln.Execution.Tests.Expressions;

public class PredicateAndConstantTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(1025)]
    public void Selection_keeps_true_rows_and_drops_false_and_null(int n)
    {
        var values = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? (bool?)true : i % 3 == 1 ? false : i % 7 == 0 ? null : true).ToArray();
        var vector = Vec(DataType.Boolean, values.Cast<object?>().ToArray());
        var expected = Enumerable.Range(0, n).Where(i => values[i] == true).ToArray();
        Assert.Equal(expected, Predicate.Select(vector));
        Assert.Equal(expected.Length, Predicate.CountTrue(vector));
    }

    [Fact]
    public void Filter_returns_the_same_batch_when_everything_passes()
    {
        var batch = Batch(Vec(DataType.Int32, 1, 2, 3), Vec(DataType.String, "a", "b", "c"));
        var all = ExpressionEvaluator.Evaluate(Bin(BinaryOp.GreaterThan, Col(0, DataType.Int32), Lit(0)), batch);
        Assert.Same(batch, Predicate.Filter(batch, all));
        var some = ExpressionEvaluator.Evaluate(Bin(BinaryOp.GreaterThan, Col(0, DataType.Int32), Lit(1)), batch);
        var filtered = Predicate.Filter(batch, some);
        Assert.Equal(2, filtered.RowCount);
        Assert.Equal(new object?[] { 3, "c" }, filtered.GetRow(1));
    }

    [Fact]
    public void Evaluate_constant_returns_physical_literals()
    {
        var sum = ExpressionEvaluator.EvaluateConstant(Bin(BinaryOp.Add, Lit(2), Lit(3), DataType.Int32));
        Assert.Equal(new Literal(5, DataType.Int32), sum);
        var date = ExpressionEvaluator.EvaluateConstant(new CastExpr(Lit("2020-01-02"), DataType.Date));
        Assert.Equal(DataType.Date, date.DataType);
        Assert.Equal(18263, date.Value);
        var dec = ExpressionEvaluator.EvaluateConstant(new CastExpr(Lit("1.25"), DataType.Decimal(5, 2)));
        Assert.Equal((Int128)125, dec.Value);
        Assert.Null(ExpressionEvaluator.EvaluateConstant(Bin(BinaryOp.Divide, Lit(1.0), Lit(0.0), DataType.Float64)).Value);
        Assert.Equal("AB", ExpressionEvaluator.EvaluateConstant(Fn("upper", DataType.String, Lit("ab"))).Value);
        Assert.Throws<UnsupportedExpressionException>(() => ExpressionEvaluator.EvaluateConstant(Col(0, DataType.Int32)));
    }

    [Fact]
    public void Resolver_output_evaluates_once_attributes_are_bound()
    {
        var a = new AttributeRef("a", ExprIds.Next(), DataType.Int32, true);
        var price = new AttributeRef("price", ExprIds.Next(), DataType.Decimal(7, 2), true);
        var input = new[] { a, price };
        var expr = ExpressionResolver.Resolve(
            Bin(BinaryOp.And,
                Bin(BinaryOp.GreaterThan, Bin(BinaryOp.Multiply, new ColumnRef("price"), new ColumnRef("a")), Lit(10)),
                Bin(BinaryOp.LessThan, Bin(BinaryOp.Divide, new ColumnRef("a"), Lit(2)), Lit(2.0))),
            input);
        var bound = expr.Transform(e => e is AttributeRef r ? new BoundRef(Array.FindIndex(input, x => x.Id == r.Id), r.DataType, r.IsNullable, r.Name) : e);
        var batch = Batch(Vec(DataType.Int32, 1, 3, 3, null), Vec(DataType.Decimal(7, 2), 20m, 3.33m, 3.34m, 100m));
        Assert.Equal(new object?[] { true, false, true, null }, Eval(bound, batch));
    }

    [Fact]
    public void Unbound_attributes_are_rejected_at_compile_time()
    {
        var a = new AttributeRef("a", ExprIds.Next(), DataType.Int32, true);
        var ex = Assert.Throws<UnsupportedExpressionException>(() => ExpressionEvaluator.Compile(Bin(BinaryOp.Add, a, Lit(1), DataType.Int32)));
        Assert.Contains("BoundRef", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Literals_evaluate_to_cached_vectors_of_the_batch_length()
    {
        var compiled = ExpressionEvaluator.Compile(Lit("x"));
        var first = compiled.Evaluate(Batch(Vec(DataType.Int32, 1, 2)));
        Assert.Same(first, compiled.Evaluate(Batch(Vec(DataType.Int32, 3, 4))));
        Assert.Equal(new object?[] { "x", "x", "x" }, Eval(Lit("x"), Batch(Vec(DataType.Int32, 1, 2, 3))));
    }
}
