namespace Kiln.Plan.Windows;

/// <summary>The window-only functions (aggregates used over a window are <see cref="Expressions.AggregateExpr"/>s).</summary>
public enum WindowFunctionKind
{
    RowNumber,
    Rank,
    DenseRank,
    PercentRank,
    CumeDist,
    Ntile,
    Lag,
    Lead,
    FirstValue,
    LastValue,
    NthValue,
}
