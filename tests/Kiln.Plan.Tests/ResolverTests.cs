using Kiln.Common.Errors;
using Kiln.Common.Types;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;

namespace Kiln.Plan.Tests;

public sealed class ResolverTests
{
    private static readonly AttributeRef Id = new("id", ExprIds.Next(), DataType.Int32, false);
    private static readonly AttributeRef Name = new("name", ExprIds.Next(), DataType.String, true);
    private static readonly AttributeRef Price = new("price", ExprIds.Next(), DataType.Decimal(15, 2), true);
    private static readonly AttributeRef[] Input = [Id, Name, Price];

    [Fact]
    public void Unknown_column_suggests_the_closest_name()
    {
        var e = Assert.Throws<AnalysisException>(() => ExpressionResolver.Resolve(new ColumnRef("nmae"), Input));
        Assert.Contains("'nmae' does not exist", e.Message, StringComparison.Ordinal);
        Assert.Equal(["name"], e.Suggestions);
    }

    [Fact]
    public void Type_errors_quote_the_expression()
    {
        var expr = new BinaryExpr(BinaryOp.Add, new ColumnRef("name"), Literal.Of(1));
        var e = Assert.Throws<AnalysisException>(() => ExpressionResolver.Resolve(expr, Input));
        Assert.Contains("(name + 1)", e.Message, StringComparison.Ordinal);
        Assert.Contains("string", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integer_and_decimal_arithmetic_widens_like_spark()
    {
        var expr = ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.Multiply, new ColumnRef("price"), new ColumnRef("id")), Input);
        Assert.Equal(DataType.Decimal(26, 2), expr.Type);
        var division = ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.Divide, new ColumnRef("id"), Literal.Of(2)), Input);
        Assert.Equal(DataType.Float64, division.Type);
    }

    [Fact]
    public void Comparing_a_date_with_a_string_casts_the_string()
    {
        var dated = new AttributeRef("day", ExprIds.Next(), DataType.Date, true);
        var expr = (BinaryExpr)ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.LessThan, dated, Literal.Of("2024-01-01")), [dated]);
        Assert.Equal(DataType.Date, expr.Right.Type);
    }

    [Fact]
    public void Filters_must_not_contain_aggregates()
    {
        var e = Assert.Throws<AnalysisException>(() => ExpressionResolver.Resolve(new AggregateExpr(AggregateFunction.Sum, new ColumnRef("id")), Input));
        Assert.Contains("sum(id)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_function_suggests_a_builtin()
    {
        var e = Assert.Throws<AnalysisException>(() => ExpressionResolver.Resolve(new FunctionCall("uper", [new ColumnRef("name")]), Input));
        Assert.Contains("did you mean 'upper'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ambiguous_columns_are_reported()
    {
        var other = new AttributeRef("id", ExprIds.Next(), DataType.Int32, false, "t2");
        var e = Assert.Throws<AnalysisException>(() => ExpressionResolver.Resolve(new ColumnRef("id"), [Id with { Qualifier = "t1" }, other]));
        Assert.Contains("ambiguous", e.Message, StringComparison.Ordinal);
        Assert.Equal(other, ExpressionResolver.Resolve(new ColumnRef("id", "t2"), [Id with { Qualifier = "t1" }, other]));
    }
}
