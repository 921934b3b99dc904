namespace Kiln.Execution.Operators.Window;

/// <summary>What one output column of a <see cref="WindowExec"/> computes.</summary>
public enum WindowOp : byte
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
    Count,
    CountRows,
    Sum,
    Avg,
    Min,
    Max,
}
