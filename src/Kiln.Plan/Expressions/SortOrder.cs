namespace Kiln.Plan.Expressions;

/// <summary>One ORDER BY key. Spark's default: ascending puts NULLs first, descending puts them last.</summary>
public sealed record SortOrder(Expr Expr, bool Ascending = true, bool? NullsFirstOverride = null)
{
    public bool NullsFirst => NullsFirstOverride ?? Ascending;

    public SortOrder WithExpr(Expr expr) => this with { Expr = expr };

    public override string ToString() => $"{Expr} {(Ascending ? "ASC" : "DESC")} NULLS {(NullsFirst ? "FIRST" : "LAST")}";
}
