using Kiln.Common.Errors;
using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using Kiln.Plan.Windows;

namespace Kiln.Plan.Analysis;

/// <summary>
/// Checks a window expression against Spark's rules once its children are resolved, and fixes its frame:
/// ranking functions and lag/lead need an ORDER BY and run over ROWS UNBOUNDED PRECEDING..CURRENT ROW; every other
/// function gets the frame written, else Spark's default (RANGE UNBOUNDED PRECEDING..CURRENT ROW with an ORDER BY,
/// the whole partition without). Violations are <see cref="AnalysisException"/>s naming the construct.
/// </summary>
public static class WindowAnalysis
{
    public static Expr Resolve(WindowExpr w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var spec = w.Spec;
        if (w.Children.Skip(1).Concat(w.Function.Children).SelectMany(c => c.Descendants()).OfType<WindowExpr>().FirstOrDefault() is { } nested)
        {
            throw new AnalysisException($"window functions cannot be nested, as '{nested}' is inside '{w.Function} OVER (...)'; compute the inner one in a subquery", nested.ToString()) { Position = nested.Position ?? w.Position };
        }

        var ordered = spec.OrderBy.Count > 0;
        switch (w.Function)
        {
            case AggregateExpr { Distinct: true } a:
                throw new AnalysisException($"DISTINCT window aggregates are not supported, as in '{a} OVER (...)' (Spark does not support them either)", a.ToString()) { Position = a.Position ?? w.Position };
            case AggregateExpr:
                return w with { Spec = spec with { Frame = CheckFrame(spec.Frame ?? (ordered ? WindowFrame.RunningRange : WindowFrame.WholePartition), spec, w) } };
            case WindowFunctionExpr f:
                {
                    var function = ResolveArguments(f);
                    if (function.UsesFrame)
                    {
                        return w with { Function = function, Spec = spec with { Frame = CheckFrame(spec.Frame ?? (ordered ? WindowFrame.RunningRange : WindowFrame.WholePartition), spec, w) } };
                    }

                    if (!ordered)
                    {
                        throw new AnalysisException($"window function {function.Name}() needs an ORDER BY in its window, as in '{function} OVER (ORDER BY ...)'", function.Name) { Position = w.Position };
                    }

                    if (spec.Frame is { } frame && frame != WindowFrame.RowsToCurrent)
                    {
                        throw new AnalysisException($"window function {function.Name}() cannot have a frame ({frame}); it is defined by row position alone", function.Name) { Position = w.Position };
                    }

                    return w with { Function = function, Spec = spec with { Frame = WindowFrame.RowsToCurrent } };
                }

            default:
                throw new AnalysisException($"'{w.Function}' is not a window function or an aggregate, so it cannot be used with OVER", w.Function.ToString()) { Position = w.Function.Position ?? w.Position };
        }
    }

    /// <summary>The aggregates of <paramref name="expr"/> that are not the function of a window expression.</summary>
    public static IEnumerable<AggregateExpr> AggregatesOutsideWindows(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        if (expr is AggregateExpr a)
        {
            yield return a;
        }

        var children = expr is WindowExpr w ? w.Children.Skip(1) : expr.Children;
        foreach (var child in children)
        {
            foreach (var inner in AggregatesOutsideWindows(child))
            {
                yield return inner;
            }
        }
    }

    private static WindowFrame CheckFrame(WindowFrame frame, WindowSpec spec, WindowExpr w)
    {
        if (frame.Lower == WindowFrame.UnboundedFollowing || frame.Upper == WindowFrame.UnboundedPreceding || frame.Lower > frame.Upper)
        {
            throw new AnalysisException($"the window frame '{frame}' has its lower bound after its upper bound", frame.ToString()) { Position = w.Position };
        }

        var valueBounds = frame.Type == FrameType.Range && (IsOffset(frame.Lower) || IsOffset(frame.Upper));
        if (!valueBounds)
        {
            return frame;
        }

        if (spec.OrderBy.Count != 1)
        {
            throw new AnalysisException(
                $"a RANGE frame with offsets ('{frame}') needs exactly one ORDER BY expression, but the window has {spec.OrderBy.Count}",
                frame.ToString())
            { Position = w.Position };
        }

        var keyType = spec.OrderBy[0].Expr.Type;
        if (!keyType.IsNumeric)
        {
            throw new AnalysisException(
                $"a RANGE frame with integer offsets ('{frame}') needs a numeric ORDER BY expression, but '{spec.OrderBy[0].Expr}' is {keyType}",
                frame.ToString())
            { Position = w.Position };
        }

        return frame;
    }

    private static bool IsOffset(long bound) => bound is not (WindowFrame.UnboundedPreceding or WindowFrame.UnboundedFollowing or WindowFrame.CurrentRow);

    private static WindowFunctionExpr ResolveArguments(WindowFunctionExpr f)
    {
        var args = f.Args;
        switch (f.Kind)
        {
            case WindowFunctionKind.RowNumber or WindowFunctionKind.Rank or WindowFunctionKind.DenseRank or WindowFunctionKind.PercentRank or WindowFunctionKind.CumeDist:
                Arity(f, 0, 0);
                return f;
            case WindowFunctionKind.Ntile:
                Arity(f, 1, 1);
                PositiveConstant(f, args[0], "the number of buckets");
                return f with { Args = [TypeCoercion.CastTo(args[0], DataType.Int32)] };
            case WindowFunctionKind.Lag or WindowFunctionKind.Lead:
                {
                    Arity(f, 1, 3);
                    var offset = args.Count > 1 ? IntConstant(f, args[1], "the offset") : new Literal(1, DataType.Int32);
                    var fallback = args.Count > 2 ? args[2] : new Literal(null, args[0].Type);
                    if (!fallback.IsConstant)
                    {
                        throw new AnalysisException($"the default of {f.Name} must be a constant, but '{fallback}' is not, in '{f}'", f.ToString()) { Position = fallback.Position ?? f.Position };
                    }

                    if (fallback.Type.Id != TypeId.Null && !TypeCoercion.CanCast(fallback.Type, args[0].Type))
                    {
                        throw new AnalysisException($"the default '{fallback}' of {f.Name} cannot be cast to {args[0].Type}, the type of '{args[0]}'", f.ToString()) { Position = fallback.Position ?? f.Position };
                    }

                    return f with { Args = [args[0], offset, TypeCoercion.CastTo(fallback, args[0].Type)] };
                }

            case WindowFunctionKind.FirstValue or WindowFunctionKind.LastValue:
                Arity(f, 1, 1);
                return f;
            default:
                Arity(f, 2, 2);
                PositiveConstant(f, args[1], "the row number");
                return f with { Args = [args[0], TypeCoercion.CastTo(args[1], DataType.Int32)] };
        }
    }

    private static void Arity(WindowFunctionExpr f, int min, int max)
    {
        if (f.Args.Count < min || f.Args.Count > max)
        {
            var expected = min == max ? $"{min}" : $"{min} to {max}";
            throw new AnalysisException($"{f.Name} takes {expected} argument{(max == 1 ? "" : "s")}, but {f.Args.Count} {(f.Args.Count == 1 ? "is" : "are")} given in '{f}'", f.ToString()) { Position = f.Position };
        }
    }

    private static Literal IntConstant(WindowFunctionExpr f, Expr arg, string what)
    {
        if (arg is Literal { Value: int or long } l && l.Type.Id is TypeId.Int32 or TypeId.Int64)
        {
            var value = Convert.ToInt64(l.Value, System.Globalization.CultureInfo.InvariantCulture);
            if (value is >= int.MinValue and <= int.MaxValue)
            {
                return new Literal((int)value, DataType.Int32);
            }
        }

        throw new AnalysisException($"{what} of {f.Name} must be an integer constant, but is '{arg}' in '{f}'", f.ToString()) { Position = arg.Position ?? f.Position };
    }

    private static void PositiveConstant(WindowFunctionExpr f, Expr arg, string what)
    {
        if ((int)IntConstant(f, arg, what).Value! <= 0)
        {
            throw new AnalysisException($"{what} of {f.Name} must be positive, but is {arg} in '{f}'", f.ToString()) { Position = arg.Position ?? f.Position };
        }
    }
}
