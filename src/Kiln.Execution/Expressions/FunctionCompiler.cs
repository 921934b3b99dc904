using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Expressions;

/// <summary>
/// Binds resolved <see cref="FunctionCall"/>s (names as <see cref="Kiln.Plan.Analysis.FunctionRegistry"/> leaves
/// them, arguments already cast to the parameter types) to their kernels.
/// </summary>
internal static class FunctionCompiler
{
    public static IPhysicalExpr Compile(FunctionCall f)
    {
        var type = f.ResultType ?? throw new UnsupportedExpressionException($"function '{f}' is not resolved", f.ToString());
        var args = f.Args.Select(NodeCompiler.Compile).ToArray();
        switch (f.Name.ToLowerInvariant())
        {
            case "substring" or "substr":
                return new SubstringNode(args[0], args[1], args.Length > 2 ? args[2] : null);
            case "upper" or "lower" or "length" or "trim" or "ltrim" or "rtrim" or "concat" when args.All(a => a.Type.Id == TypeId.String):
                return new StringFunctionNode(f.Name.ToLowerInvariant(), args, type);
            case "year" or "month" or "day" or "date_add" or "date_sub" or "datediff":
                return new DateFunctionNode(f.Name.ToLowerInvariant(), args, type);
            case "to_date":
                return args[0].Type.Id == TypeId.Date ? args[0] : new CastNode(args[0], DataType.Date);
            case "coalesce":
                return new CoalesceNode(args, type);
            case "abs":
                return new MathFunctionNode("abs", args[0], 0, type);
            case "round":
                var scale = f.Args.Count > 1 ? NodeCompiler.AsConstant(f.Args[1])?.Value as int? ?? 0 : 0;
                return new MathFunctionNode("round", args[0], scale, type);
            default:
                throw new UnsupportedExpressionException(
                    $"function '{f.Name}' has no vectorized implementation (or its arguments are not of the resolved types) in '{f}'", f.ToString());
        }
    }
}
