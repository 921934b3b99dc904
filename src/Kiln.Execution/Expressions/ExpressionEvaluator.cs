using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Expressions;

/// <summary>
/// Entry point of vectorized expression evaluation. <see cref="Compile"/> turns a resolved, bound expression tree
/// (only <see cref="BoundRef"/> for columns) into an <see cref="IPhysicalExpr"/>: a tree of kernels chosen once
/// for the operand types, with literal operands specialised as scalars. Operators compile at construction and
/// call <see cref="IPhysicalExpr.Evaluate"/> per batch.
/// </summary>
/// <remarks>
/// Semantics are Spark's non-ANSI mode: three-valued logic, integer overflow wraps, division and modulo by zero
/// give NULL, invalid casts give NULL, NaN equals NaN and sorts above everything. Evaluation never throws for bad
/// data; <see cref="UnsupportedExpressionException"/> at compile time means the planner passed a tree it should
/// not have (unbound columns, aggregates, unknown functions).
/// <para>
/// Folder layout: <c>*Compiler</c> pick kernels at compile time; <c>*Node</c> are the per-batch kernels, one per
/// expression kind; <c>*Kernels</c>/<c>*Ops</c> are the typed loops they share; <see cref="DecimalMath"/>,
/// <see cref="CivilDate"/>, <see cref="Utf8Parsing"/> and <see cref="Utf8Formatting"/> hold the value-level rules.
/// </para>
/// </remarks>
public static class ExpressionEvaluator
{
    private static readonly RecordBatch OneRow = new(Schema.Empty, [], 1);

    /// <summary>Compiles <paramref name="expr"/>; throws <see cref="UnsupportedExpressionException"/> for shapes that cannot run.</summary>
    public static IPhysicalExpr Compile(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return NodeCompiler.Compile(expr);
    }

    /// <summary>Compiles and evaluates in one step; prefer <see cref="Compile"/> when evaluating more than one batch.</summary>
    public static ColumnVector Evaluate(Expr expr, RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Compile(expr).Evaluate(batch);
    }

    /// <summary>
    /// Evaluates an expression without columns to a <see cref="Literal"/> holding the physical value (int days for
    /// dates, Int128 for decimals, ...) and the expression's type. Used by the optimizer's constant folding.
    /// </summary>
    public static Literal EvaluateConstant(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        if (expr is Literal literal)
        {
            return literal;
        }

        if (!expr.IsConstant)
        {
            throw new UnsupportedExpressionException($"'{expr}' reads columns and cannot be evaluated as a constant", expr.ToString());
        }

        var vector = NodeCompiler.Compile(expr).Evaluate(OneRow);
        return new Literal(PhysicalValue(vector, 0), expr.Type);
    }

    /// <summary>Row <paramref name="row"/> of a vector as a physical value (what <see cref="Literal.Value"/> holds), or null.</summary>
    public static object? PhysicalValue(ColumnVector vector, int row)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.IsNull(row) || vector.Type.Id == TypeId.Null)
        {
            return null;
        }

        return vector switch
        {
            PrimitiveVector<bool> v => v[row],
            PrimitiveVector<int> v => v[row],
            PrimitiveVector<long> v => v[row],
            PrimitiveVector<double> v => v[row],
            PrimitiveVector<Int128> v => v[row],
            StringVector v => v.GetString(row),
            _ => vector.GetValue(row),
        };
    }
}
