using Kiln.Plan.Expressions;

namespace Kiln.Plan.Windows;

/// <summary>
/// What an <c>OVER (...)</c> clause says: PARTITION BY expressions, ORDER BY keys and an optional frame
/// (null: the default frame, fixed by the resolver from the function and whether there is an ORDER BY).
/// </summary>
public sealed record WindowSpec(IReadOnlyList<Expr> PartitionBy, IReadOnlyList<SortOrder> OrderBy, WindowFrame? Frame)
{
    public static WindowSpec Empty { get; } = new([], [], null);

    /// <summary>Same partitioning and order (frames may differ): such window expressions share one window operator.</summary>
    public bool SameGrouping(WindowSpec other) =>
        other is not null && PartitionBy.SequenceEqual(other.PartitionBy) && OrderBy.SequenceEqual(other.OrderBy);

    public bool Equals(WindowSpec? other) => other is not null && SameGrouping(other) && Equals(Frame, other.Frame);

    public override int GetHashCode() => HashCode.Combine(PartitionBy.Count, OrderBy.Count, Frame);

    public override string ToString()
    {
        var parts = new List<string>();
        if (PartitionBy.Count > 0)
        {
            parts.Add($"PARTITION BY {string.Join(", ", PartitionBy)}");
        }

        if (OrderBy.Count > 0)
        {
            parts.Add($"ORDER BY {string.Join(", ", OrderBy)}");
        }

        if (Frame is { } f)
        {
            parts.Add(f.ToString());
        }

        return string.Join(" ", parts);
    }
}
