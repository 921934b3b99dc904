namespace Kiln.Plan.Windows;

/// <summary>
/// <c>ROWS|RANGE BETWEEN lower AND upper</c>. Bounds are offsets from the current row as in Spark's DataFrame API:
/// negative is PRECEDING, positive FOLLOWING, 0 CURRENT ROW, and <see cref="UnboundedPreceding"/> /
/// <see cref="UnboundedFollowing"/> the partition's ends. For RANGE, CURRENT ROW means the current row's peers
/// (rows with equal ORDER BY values) and an offset is added to the ORDER BY value.
/// </summary>
public sealed record WindowFrame(FrameType Type, long Lower, long Upper)
{
    public const long UnboundedPreceding = long.MinValue;

    public const long UnboundedFollowing = long.MaxValue;

    public const long CurrentRow = 0;

    /// <summary>Spark's default with ORDER BY: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW.</summary>
    public static WindowFrame RunningRange { get; } = new(FrameType.Range, UnboundedPreceding, CurrentRow);

    /// <summary>Spark's default without ORDER BY: the whole partition.</summary>
    public static WindowFrame WholePartition { get; } = new(FrameType.Rows, UnboundedPreceding, UnboundedFollowing);

    /// <summary>The frame ranking functions and lag/lead are defined over.</summary>
    public static WindowFrame RowsToCurrent { get; } = new(FrameType.Rows, UnboundedPreceding, CurrentRow);

    public bool IsWholePartition => Lower == UnboundedPreceding && Upper == UnboundedFollowing;

    public override string ToString() => $"{Type.ToString().ToUpperInvariant()} BETWEEN {Bound(Lower)} AND {Bound(Upper)}";

    public static string Bound(long offset) => offset switch
    {
        UnboundedPreceding => "UNBOUNDED PRECEDING",
        UnboundedFollowing => "UNBOUNDED FOLLOWING",
        0 => "CURRENT ROW",
        < 0 => $"{-offset} PRECEDING",
        _ => $"{offset} FOLLOWING",
    };
}
