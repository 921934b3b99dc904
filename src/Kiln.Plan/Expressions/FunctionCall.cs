using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary>
/// A scalar function call such as <c>upper(name)</c>. Unresolved until the resolver checks the arguments
/// against <see cref="Analysis.FunctionRegistry"/> and fixes <see cref="ResultType"/>.
/// </summary>
public sealed record FunctionCall(string Name, IReadOnlyList<Expr> Args, DataType? ResultType = null) : Expr
{
    public override DataType Type => ResultType ?? throw new InvalidOperationException($"function '{this}' is not resolved");

    public override bool Nullable => true;

    public override IReadOnlyList<Expr> Children => Args;

    public override bool Resolved => ResultType is not null && base.Resolved;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Args = children };

    public override string ToString() => $"{Name}({string.Join(", ", Args)})";

    public bool Equals(FunctionCall? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase) && Args.SequenceEqual(other.Args) && Equals(ResultType, other.ResultType);

    public override int GetHashCode() => HashCode.Combine(Name.ToLowerInvariant(), Args.Count);
}
