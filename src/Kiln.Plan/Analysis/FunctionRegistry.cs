using Kiln.Common.Errors;
using Kiln.Common.Text;
using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Plan.Analysis;

/// <summary>
/// The built-in scalar functions: their accepted arguments (with implicit casts) and result types. The
/// vectorized implementations live in the execution layer under the same names.
/// </summary>
public static class FunctionRegistry
{
    private delegate FunctionCall Resolver(FunctionCall call);

    private static readonly Dictionary<string, Resolver> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["substring"] = c => Typed(c, DataType.String, 2, 3, DataType.String, DataType.Int32, DataType.Int32),
        ["substr"] = c => Typed(c with { Name = "substring" }, DataType.String, 2, 3, DataType.String, DataType.Int32, DataType.Int32),
        ["upper"] = c => Typed(c, DataType.String, 1, 1, DataType.String),
        ["ucase"] = c => Typed(c with { Name = "upper" }, DataType.String, 1, 1, DataType.String),
        ["lower"] = c => Typed(c, DataType.String, 1, 1, DataType.String),
        ["lcase"] = c => Typed(c with { Name = "lower" }, DataType.String, 1, 1, DataType.String),
        ["length"] = c => Typed(c, DataType.Int32, 1, 1, DataType.String),
        ["char_length"] = c => Typed(c with { Name = "length" }, DataType.Int32, 1, 1, DataType.String),
        ["trim"] = c => Typed(c, DataType.String, 1, 1, DataType.String),
        ["ltrim"] = c => Typed(c, DataType.String, 1, 1, DataType.String),
        ["rtrim"] = c => Typed(c, DataType.String, 1, 1, DataType.String),
        ["concat"] = Concat,
        ["year"] = c => Typed(c, DataType.Int32, 1, 1, DataType.Date),
        ["month"] = c => Typed(c, DataType.Int32, 1, 1, DataType.Date),
        ["day"] = c => Typed(c, DataType.Int32, 1, 1, DataType.Date),
        ["dayofmonth"] = c => Typed(c with { Name = "day" }, DataType.Int32, 1, 1, DataType.Date),
        ["date_add"] = c => Typed(c, DataType.Date, 2, 2, DataType.Date, DataType.Int32),
        ["date_sub"] = c => Typed(c, DataType.Date, 2, 2, DataType.Date, DataType.Int32),
        ["datediff"] = c => Typed(c, DataType.Int32, 2, 2, DataType.Date, DataType.Date),
        ["to_date"] = c => Typed(c, DataType.Date, 1, 1, DataType.String),
        ["coalesce"] = Coalesce,
        ["abs"] = c => Numeric(c, 1),
        ["round"] = Round,
    };

    public static IEnumerable<string> Names => Functions.Keys;

    /// <summary>Checks arguments, inserts casts and fixes the result type; throws <see cref="AnalysisException"/> naming the call.</summary>
    public static FunctionCall Resolve(FunctionCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!Functions.TryGetValue(call.Name, out var resolver))
        {
            throw new AnalysisException(
                $"unknown function '{call.Name}' in '{call}'{NameSuggester.Hint(call.Name, Functions.Keys)}",
                call.ToString(),
                NameSuggester.Closest(call.Name, Functions.Keys));
        }

        return resolver(call);
    }

    private static FunctionCall Typed(FunctionCall call, DataType result, int minArgs, int maxArgs, params DataType[] parameters)
    {
        CheckArity(call, minArgs, maxArgs);
        var args = new Expr[call.Args.Count];
        for (var i = 0; i < args.Length; i++)
        {
            var arg = call.Args[i];
            var want = parameters[i];
            if (arg.Type != want && !Implicit(arg.Type, want))
            {
                throw new AnalysisException(
                    $"argument {i + 1} of '{call}' must be {want}, but '{arg}' is {arg.Type}",
                    call.ToString());
            }

            args[i] = TypeCoercion.CastTo(arg, want);
        }

        return call with { Name = call.Name.ToLowerInvariant(), Args = args, ResultType = result };
    }

    private static bool Implicit(DataType from, DataType to) => (from.Id, to.Id) switch
    {
        (TypeId.Null, _) => true,
        (TypeId.Int32 or TypeId.Int64, TypeId.Int32) => true,
        (TypeId.Timestamp or TypeId.String, TypeId.Date) => true,
        (_, TypeId.String) => true,
        _ => false,
    };

    private static FunctionCall Concat(FunctionCall call)
    {
        CheckArity(call, 1, int.MaxValue);
        return call with { Name = "concat", Args = call.Args.Select(a => TypeCoercion.CastTo(a, DataType.String)).ToArray(), ResultType = DataType.String };
    }

    private static FunctionCall Coalesce(FunctionCall call)
    {
        CheckArity(call, 1, int.MaxValue);
        var type = call.Args[0].Type;
        foreach (var a in call.Args.Skip(1))
        {
            type = TypeCoercion.CommonTypeOrString(type, a.Type)
                ?? throw new AnalysisException($"the arguments of '{call}' have no common type ({string.Join(", ", call.Args.Select(x => x.Type))})", call.ToString());
        }

        return call with { Name = "coalesce", Args = call.Args.Select(a => TypeCoercion.CastTo(a, type)).ToArray(), ResultType = type };
    }

    private static FunctionCall Numeric(FunctionCall call, int arity)
    {
        CheckArity(call, arity, arity);
        var arg = call.Args[0];
        if (!arg.Type.IsNumeric)
        {
            throw new AnalysisException($"'{call}' needs a numeric argument, but '{arg}' is {arg.Type}", call.ToString());
        }

        return call with { Name = call.Name.ToLowerInvariant(), ResultType = arg.Type };
    }

    private static FunctionCall Round(FunctionCall call)
    {
        CheckArity(call, 1, 2);
        var arg = call.Args[0];
        if (!arg.Type.IsNumeric)
        {
            throw new AnalysisException($"'{call}' needs a numeric argument, but '{arg}' is {arg.Type}", call.ToString());
        }

        if (call.Args.Count == 2 && call.Args[1] is not Literal { Value: int })
        {
            throw new AnalysisException($"the scale of '{call}' must be an integer literal", call.ToString());
        }

        var scale = call.Args.Count == 2 ? (int)((Literal)call.Args[1]).Value! : 0;
        var result = arg.Type.Id == TypeId.Decimal
            ? TypeCoercion.Bounded(arg.Type.Precision - arg.Type.Scale + Math.Max(0, Math.Min(scale, arg.Type.Scale)) + 1, Math.Max(0, Math.Min(scale, arg.Type.Scale)))
            : arg.Type;
        return call with { Name = "round", ResultType = result };
    }

    private static void CheckArity(FunctionCall call, int min, int max)
    {
        if (call.Args.Count < min || call.Args.Count > max)
        {
            var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            throw new AnalysisException($"'{call.Name}' takes {expected} argument(s), but '{call}' passes {call.Args.Count}", call.ToString());
        }
    }
}
