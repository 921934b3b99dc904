using Kiln.Plan.Expressions;
using Kiln.Plan.Windows;

namespace Kiln;

/// <summary>
/// A window for <see cref="Column.Over(WindowSpec)"/>: PARTITION BY columns, ORDER BY columns (use
/// <see cref="Column.Desc"/> and friends for direction and NULL placement) and an optional frame. Without a frame,
/// Spark's default applies: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW when ordered, else the whole partition.
/// </summary>
/// <remarks>Immutable: every method returns a new specification. Thread-safe.</remarks>
public sealed class WindowSpec
{
    private readonly Kiln.Plan.Windows.WindowSpec _spec;

    private WindowSpec(Kiln.Plan.Windows.WindowSpec spec) => _spec = spec;

    internal static WindowSpec Empty { get; } = new(Kiln.Plan.Windows.WindowSpec.Empty);

    internal Kiln.Plan.Windows.WindowSpec Spec => _spec;

    public WindowSpec PartitionBy(params Column[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return new(_spec with { PartitionBy = columns.Select(c => c.Expr).ToArray() });
    }

    public WindowSpec PartitionBy(params string[] columns) => PartitionBy(columns.Select(Functions.Col).ToArray());

    public WindowSpec OrderBy(params Column[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return new(_spec with { OrderBy = columns.Select(c => c.Order ?? new SortOrder(c.Expr)).ToArray() });
    }

    public WindowSpec OrderBy(params string[] columns) => OrderBy(columns.Select(Functions.Col).ToArray());

    /// <summary>A ROWS frame from <paramref name="start"/> to <paramref name="end"/> rows around the current one.</summary>
    public WindowSpec RowsBetween(long start, long end) => new(_spec with { Frame = new WindowFrame(FrameType.Rows, start, end) });

    /// <summary>A RANGE frame: rows whose ORDER BY value lies within [value + start, value + end] of the current row's.</summary>
    public WindowSpec RangeBetween(long start, long end) => new(_spec with { Frame = new WindowFrame(FrameType.Range, start, end) });

    public override string ToString() => _spec.ToString();
}
