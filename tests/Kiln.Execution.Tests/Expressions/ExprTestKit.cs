using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Expressions;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Tests.Expressions;

/// <summary>Builds vectors, batches and bound expression trees for the evaluator tests.</summary>
internal static class ExprTestKit
{
    public static ColumnVector Vec(DataType type, params object?[] values)
    {
        var builder = VectorBuilder.Create(type, Math.Max(values.Length, 1));
        foreach (var v in values)
        {
            builder.AppendValue(v);
        }

        return builder.Build();
    }

    public static RecordBatch Batch(params ColumnVector[] columns)
    {
        var fields = columns.Select((c, i) => new Field("c" + i, c.Type)).ToArray();
        var rows = columns.Length == 0 ? 1 : columns[0].Length;
        return new RecordBatch(new Schema(fields), columns, rows);
    }

    public static BoundRef Col(int ordinal, DataType type) => new(ordinal, type, true, "c" + ordinal);

    public static Literal Lit(object? value) => Literal.Of(value);

    public static Literal Null(DataType type) => new(null, type);

    public static BinaryExpr Bin(BinaryOp op, Expr l, Expr r, DataType? resultType = null) => new(op, l, r, resultType);

    public static object?[] Eval(Expr expr, RecordBatch batch)
    {
        var v = ExpressionEvaluator.Compile(expr).Evaluate(batch);
        Assert.Equal(batch.RowCount, v.Length);
        return Enumerable.Range(0, v.Length).Select(v.GetValue).ToArray();
    }

    /// <summary>Evaluates an expression over a single-column batch built from <paramref name="values"/>.</summary>
    public static object?[] Eval1(Func<BoundRef, Expr> build, DataType type, params object?[] values) =>
        Eval(build(Col(0, type)), Batch(Vec(type, values)));

    public static object? Scalar(Expr expr) => ExpressionEvaluator.EvaluateConstant(expr).ClrValue;

    public static FunctionCall Fn(string name, DataType result, params Expr[] args) => new(name, args, result);
}
