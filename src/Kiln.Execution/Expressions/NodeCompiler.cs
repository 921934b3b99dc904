using System.Globalization;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Expressions;

/// <summary>Maps each expression record to its kernel node; binary operators and functions have their own compilers.</summary>
internal static class NodeCompiler
{
    public static IPhysicalExpr Compile(Expr expr) => expr switch
    {
        BoundRef b => new ColumnNode(b.Ordinal, b.DataType),
        Literal l => CompileLiteral(l),
        Alias a => Compile(a.Child),
        BinaryExpr b => BinaryCompiler.Compile(b),
        UnaryExpr u => new UnaryNode(u.Op, Compile(u.Child), u.Type),
        CaseExpr c => CompileCase(c),
        CastExpr c => CompileCast(c),
        InExpr i => InCompiler.Compile(i),
        LikeExpr l => CompileLike(l),
        FunctionCall f => FunctionCompiler.Compile(f),
        Plan.UserCode.UserFunctionCall u => UserCode.UdfKernel.Compile(u, Compile),
        AttributeRef or ColumnRef => throw new UnsupportedExpressionException(
            $"column '{expr}' is not bound to an input ordinal; bind expressions (AttributeRef → BoundRef) before compiling them", expr.ToString()),
        _ => throw new UnsupportedExpressionException($"'{expr}' ({expr.GetType().Name}) cannot be evaluated per row", expr.ToString()),
    };

    public static LiteralNode NullOf(DataType type) => new(null, type);

    /// <summary>A constant sub-tree as a literal, or null when it reads columns.</summary>
    public static Literal? AsConstant(Expr e) => e as Literal ?? (e.IsConstant ? ExpressionEvaluator.EvaluateConstant(e) : null);

    private static LiteralNode CompileLiteral(Literal l) => new(Physical(l.Value, l.DataType), l.DataType);

    /// <summary>Coerces a literal's value to the physical CLR type of its data type (tolerates e.g. an int in a bigint literal).</summary>
    private static object? Physical(object? value, DataType type)
    {
        if (value is null)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        return type.Id switch
        {
            TypeId.Boolean => Convert.ToBoolean(value, inv),
            TypeId.Int32 => value is DateOnly d ? ScalarValues.ToDays(d) : Convert.ToInt32(value, inv),
            TypeId.Date => value is DateOnly d ? ScalarValues.ToDays(d) : Convert.ToInt32(value, inv),
            TypeId.Int64 => Convert.ToInt64(value, inv),
            TypeId.Timestamp => value is DateTime t ? ScalarValues.ToMicros(t) : Convert.ToInt64(value, inv),
            TypeId.Float64 => Convert.ToDouble(value, inv),
            TypeId.Decimal => value switch
            {
                Int128 u => u,
                decimal m when ScalarValues.TryDecimalFromClr(m, type.Precision, type.Scale, out var u) => u,
                _ => (Int128)Convert.ToInt64(value, inv),
            },
            TypeId.String => value as string ?? Convert.ToString(value, inv),
            _ => null,
        };
    }

    private static IPhysicalExpr CompileCase(CaseExpr c)
    {
        var conditions = new IPhysicalExpr[c.BranchCount];
        var values = new IPhysicalExpr[c.BranchCount];
        for (var k = 0; k < c.BranchCount; k++)
        {
            conditions[k] = Compile(c.When(k));
            values[k] = Compile(c.Then(k));
        }

        return new CaseNode(conditions, values, c.Else is { } e ? Compile(e) : null, c.Type);
    }

    private static IPhysicalExpr CompileCast(CastExpr c)
    {
        var child = Compile(c.Child);
        if (child.Type == c.To)
        {
            return child;
        }

        return new CastNode(child, c.To);
    }

    private static IPhysicalExpr CompileLike(LikeExpr l)
    {
        var pattern = AsConstant(l.Pattern)
            ?? throw new UnsupportedExpressionException($"the pattern of '{l}' must be a constant string", l.ToString());
        if (pattern.Value is not string text)
        {
            return NullOf(DataType.Boolean);
        }

        return new LikeNode(Compile(l.Value), new LikePattern(text), l.Negated);
    }
}
