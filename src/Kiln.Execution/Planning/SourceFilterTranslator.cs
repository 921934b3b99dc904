using Kiln.DataSources.Filters;
using Kiln.Plan.Expressions;
using Kiln.Plan.Optimizer;

namespace Kiln.Execution.Planning;

/// <summary>
/// Turns a scan's pushed-down predicate into the data sources' <see cref="SourceFilter"/> terms, for skipping Parquet
/// row groups: comparisons of a file column with a literal of its own type (either side), IN lists of literals,
/// IS [NOT] NULL, AND and OR. Conjuncts it cannot express are left out (the exact predicate still filters the rows);
/// an OR with an inexpressible side is left out whole.
/// </summary>
public static class SourceFilterTranslator
{
    /// <param name="filter">The predicate, bound to the scan's output columns.</param>
    /// <param name="columns">For each output column, its index in the data schema.</param>
    /// <param name="fileColumnCount">Data schema fields read from files (partition columns follow).</param>
    public static SourceFilter? Translate(Expr? filter, IReadOnlyList<int> columns, int fileColumnCount)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (filter is null)
        {
            return null;
        }

        SourceFilter? result = null;
        foreach (var conjunct in Predicates.SplitConjuncts(filter))
        {
            if (Translate(conjunct, columns, fileColumnCount, out var f))
            {
                result = result is null ? f : new AndFilter(result, f);
            }
        }

        return result;
    }

    private static bool Translate(Expr e, IReadOnlyList<int> columns, int fileColumnCount, out SourceFilter filter)
    {
        filter = null!;
        int? Column(Expr x) => x is BoundRef b && b.Ordinal < columns.Count && columns[b.Ordinal] < fileColumnCount ? columns[b.Ordinal] : null;
        switch (e)
        {
            case BinaryExpr { Op: BinaryOp.And } a:
                {
                    var l = Translate(a.Left, columns, fileColumnCount, out var lf);
                    var r = Translate(a.Right, columns, fileColumnCount, out var rf);
                    filter = l && r ? new AndFilter(lf, rf) : l ? lf : rf;
                    return l || r;
                }

            case BinaryExpr { Op: BinaryOp.Or } o:
                if (Translate(o.Left, columns, fileColumnCount, out var left) && Translate(o.Right, columns, fileColumnCount, out var right))
                {
                    filter = new OrFilter(left, right);
                    return true;
                }

                return false;
            case BinaryExpr b when Kind(b.Op) is { } kind:
                if (Column(b.Left) is { } lc && b.Right is Literal { Value: { } lv } ll && ll.DataType == b.Left.Type)
                {
                    filter = new ColumnComparison(lc, kind, lv);
                    return true;
                }

                if (Column(b.Right) is { } rc && b.Left is Literal { Value: { } rv } rl && rl.DataType == b.Right.Type)
                {
                    filter = new ColumnComparison(rc, Flip(kind), rv);
                    return true;
                }

                return false;
            case InExpr { Negated: false } i when Column(i.Value) is { } ic && i.List.All(x => x is Literal { Value: not null } l && l.DataType == i.Value.Type):
                filter = new ColumnIn(ic, i.List.Select(x => ((Literal)x).Value!).ToArray());
                return true;
            case UnaryExpr { Op: UnaryOp.IsNull or UnaryOp.IsNotNull } u when Column(u.Child) is { } uc:
                filter = new ColumnIsNull(uc, u.Op == UnaryOp.IsNotNull);
                return true;
            default:
                return false;
        }
    }

    private static ComparisonKind? Kind(BinaryOp op) => op switch
    {
        BinaryOp.Equal => ComparisonKind.Equal,
        BinaryOp.LessThan => ComparisonKind.LessThan,
        BinaryOp.LessThanOrEqual => ComparisonKind.LessThanOrEqual,
        BinaryOp.GreaterThan => ComparisonKind.GreaterThan,
        BinaryOp.GreaterThanOrEqual => ComparisonKind.GreaterThanOrEqual,
        _ => null,
    };

    private static ComparisonKind Flip(ComparisonKind kind) => kind switch
    {
        ComparisonKind.LessThan => ComparisonKind.GreaterThan,
        ComparisonKind.LessThanOrEqual => ComparisonKind.GreaterThanOrEqual,
        ComparisonKind.GreaterThan => ComparisonKind.LessThan,
        ComparisonKind.GreaterThanOrEqual => ComparisonKind.LessThanOrEqual,
        _ => kind,
    };
}
