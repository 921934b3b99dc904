using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Plan.Windows;

/// <summary>
/// A window-only function call. Arguments: none for the ranking functions; ntile(n); lag/lead(input, offset,
/// default) with offset and default constants (the resolver fills in 1 and NULL); first_value/last_value(input);
/// nth_value(input, n). Result types follow Spark: row_number, rank, dense_rank and ntile → int; percent_rank and
/// cume_dist → double; the value functions → the input's type.
/// </summary>
public sealed record WindowFunctionExpr(WindowFunctionKind Kind, IReadOnlyList<Expr> Args) : Expr
{
    public override DataType Type => Kind switch
    {
        WindowFunctionKind.RowNumber or WindowFunctionKind.Rank or WindowFunctionKind.DenseRank or WindowFunctionKind.Ntile => DataType.Int32,
        WindowFunctionKind.PercentRank or WindowFunctionKind.CumeDist => DataType.Float64,
        _ => Args[0].Type,
    };

    public override bool Nullable => Kind is WindowFunctionKind.Lag or WindowFunctionKind.Lead or WindowFunctionKind.FirstValue
        or WindowFunctionKind.LastValue or WindowFunctionKind.NthValue;

    public override IReadOnlyList<Expr> Children => Args;

    /// <summary>A window function depends on the rows around it, so it is never folded or moved as a constant.</summary>
    public override bool IsDeterministic => false;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Args = children };

    /// <summary>Whether the function reads the frame (the value functions) or is defined by position alone (ranking, lag, lead).</summary>
    public bool UsesFrame => Kind is WindowFunctionKind.FirstValue or WindowFunctionKind.LastValue or WindowFunctionKind.NthValue;

    /// <summary>The SQL name, as Spark spells it.</summary>
    public string Name => NameOf(Kind);

    public static string NameOf(WindowFunctionKind kind) => kind switch
    {
        WindowFunctionKind.RowNumber => "row_number",
        WindowFunctionKind.Rank => "rank",
        WindowFunctionKind.DenseRank => "dense_rank",
        WindowFunctionKind.PercentRank => "percent_rank",
        WindowFunctionKind.CumeDist => "cume_dist",
        WindowFunctionKind.Ntile => "ntile",
        WindowFunctionKind.Lag => "lag",
        WindowFunctionKind.Lead => "lead",
        WindowFunctionKind.FirstValue => "first_value",
        WindowFunctionKind.LastValue => "last_value",
        _ => "nth_value",
    };

    /// <summary>The kind a SQL function name denotes, or null when the name is not a window function.</summary>
    public static WindowFunctionKind? KindOf(string name)
    {
        foreach (var kind in Enum.GetValues<WindowFunctionKind>())
        {
            if (string.Equals(NameOf(kind), name, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        return null;
    }

    public override string ToString() => $"{Name}({string.Join(", ", Args)})";

    public bool Equals(WindowFunctionExpr? other) => other is not null && Kind == other.Kind && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => HashCode.Combine(Kind, Args.Count);
}
