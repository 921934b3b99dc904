using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary><c>CASE WHEN c1 THEN v1 ... ELSE e END</c>. Children are laid out as c1, v1, c2, v2, ..., [else].</summary>
public sealed record CaseExpr(IReadOnlyList<Expr> Parts, bool HasElse) : Expr
{
    public int BranchCount => HasElse ? (Parts.Count - 1) / 2 : Parts.Count / 2;

    public Expr When(int branch) => Parts[2 * branch];

    public Expr Then(int branch) => Parts[(2 * branch) + 1];

    public Expr? Else => HasElse ? Parts[^1] : null;

    public override DataType Type => Then(0).Type;

    public override bool Nullable => !HasElse || Parts.Where((_, i) => i % 2 == 1 || i == Parts.Count - 1).Any(p => p.Nullable);

    public override IReadOnlyList<Expr> Children => Parts;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Parts = children };

    public override string ToString()
    {
        var branches = string.Join(" ", Enumerable.Range(0, BranchCount).Select(i => $"WHEN {When(i)} THEN {Then(i)}"));
        return HasElse ? $"CASE {branches} ELSE {Else} END" : $"CASE {branches} END";
    }

    public bool Equals(CaseExpr? other) => other is not null && HasElse == other.HasElse && Parts.SequenceEqual(other.Parts);

    public override int GetHashCode() => HashCode.Combine(HasElse, Parts.Count);
}
