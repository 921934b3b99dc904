using Kiln.Plan.Windows;

namespace Kiln;

/// <summary>
/// Starts a window specification for <see cref="Column.Over(WindowSpec)"/>, as Spark's <c>Window</c>:
/// <c>Window.PartitionBy("dept").OrderBy(Col("salary").Desc()).RowsBetween(Window.UnboundedPreceding, Window.CurrentRow)</c>.
/// Frame bounds are row offsets (ROWS) or ORDER BY value offsets (RANGE) from the current row: negative is before it.
/// </summary>
public static class Window
{
    /// <summary>The partition's first row, as a frame start.</summary>
    public const long UnboundedPreceding = WindowFrame.UnboundedPreceding;

    /// <summary>The partition's last row, as a frame end.</summary>
    public const long UnboundedFollowing = WindowFrame.UnboundedFollowing;

    /// <summary>The current row (for RANGE frames: its peers).</summary>
    public const long CurrentRow = WindowFrame.CurrentRow;

    public static WindowSpec PartitionBy(params Column[] columns) => WindowSpec.Empty.PartitionBy(columns);

    public static WindowSpec PartitionBy(params string[] columns) => WindowSpec.Empty.PartitionBy(columns);

    public static WindowSpec OrderBy(params Column[] columns) => WindowSpec.Empty.OrderBy(columns);

    public static WindowSpec OrderBy(params string[] columns) => WindowSpec.Empty.OrderBy(columns);

    public static WindowSpec RowsBetween(long start, long end) => WindowSpec.Empty.RowsBetween(start, end);

    public static WindowSpec RangeBetween(long start, long end) => WindowSpec.Empty.RangeBetween(start, end);
}
