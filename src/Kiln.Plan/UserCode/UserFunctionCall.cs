using Kiln.Common.Errors;
using Kiln.Common.Types;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;

namespace Kiln.Plan.UserCode;

/// <summary>
/// A call of a <see cref="UserFunction"/> on column expressions. It is never constant-folded (user code may have
/// side effects such as accumulators) and is evaluated on executors, a batch at a time, by the execution layer.
/// </summary>
public sealed record UserFunctionCall(UserFunction Function, IReadOnlyList<Expr> Args, bool ArgumentsChecked = false) : Expr
{
    public override DataType Type => Function.ReturnType;

    /// <summary>NULL when the lambda may return null, or when a NULL argument skips a lambda that does not accept it.</summary>
    public override bool Nullable => Function.ReturnNullable || Args.Where((a, i) => a.Nullable && !Function.Parameters[i].AcceptsNull).Any();

    public override IReadOnlyList<Expr> Children => Args;

    public override bool Resolved => ArgumentsChecked && base.Resolved;

    public override bool IsDeterministic => false;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Args = children };

    public override string ToString() => $"{Function.Name}({string.Join(", ", Args)})";

    public bool Equals(UserFunctionCall? other) => other is not null && Function.Equals(other.Function) && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => HashCode.Combine(Function, Args.Count);

    /// <summary>
    /// Checks the arity and argument types (arguments resolved), widening where it loses nothing (int → bigint,
    /// int → double, date → timestamp, numbers → decimal); decimal arguments of any precision are read as they are.
    /// </summary>
    public UserFunctionCall Resolve()
    {
        var parameters = Function.Parameters;
        if (Args.Count != parameters.Count)
        {
            throw new AnalysisException($"udf '{Function.Name}' takes {parameters.Count} argument(s), but '{this}' passes {Args.Count}", ToString());
        }

        var args = new Expr[Args.Count];
        for (var i = 0; i < args.Length; i++)
        {
            var arg = Args[i];
            var want = parameters[i].Type;
            var have = arg.Type;
            if (have == want || (have.Id == TypeId.Decimal && want.Id == TypeId.Decimal))
            {
                args[i] = arg;
            }
            else if (have.Id == TypeId.Null || TypeCoercion.CommonType(have, want) == want)
            {
                args[i] = TypeCoercion.CastTo(arg, want);
            }
            else
            {
                throw new AnalysisException(
                    $"argument {i + 1} of '{this}' must be {want} (the lambda takes {parameters[i].ClrName}), but '{arg}' is {have}",
                    ToString());
            }
        }

        return this with { Args = args, ArgumentsChecked = true };
    }
}
