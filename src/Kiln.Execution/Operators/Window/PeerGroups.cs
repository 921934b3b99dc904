using Kiln.Common.Vectors;
using Kiln.Execution.Hashing;

namespace Kiln.Execution.Operators.Window;

/// <summary>
/// The peer groups of one window partition: runs of rows with equal ORDER BY values (NULLs equal to each other).
/// Without ORDER BY the whole partition is one group.
/// </summary>
public sealed class PeerGroups
{
    private PeerGroups(int[] start, int[] end, int[] index)
    {
        Start = start;
        End = end;
        Index = index;
    }

    /// <summary>Per row, the first row of its group.</summary>
    public int[] Start { get; }

    /// <summary>Per row, one past the last row of its group.</summary>
    public int[] End { get; }

    /// <summary>Per row, the 0-based number of its group.</summary>
    public int[] Index { get; }

    public static PeerGroups Of(IReadOnlyList<ColumnVector> orderKeys, int rows)
    {
        ArgumentNullException.ThrowIfNull(orderKeys);
        var start = new int[rows];
        var end = new int[rows];
        var index = new int[rows];
        var groupStart = 0;
        var group = 0;
        for (var r = 0; r < rows; r++)
        {
            if (r > 0 && !SameKeys(orderKeys, r - 1, r))
            {
                Fill(end, groupStart, r, r);
                groupStart = r;
                group++;
            }

            start[r] = groupStart;
            index[r] = group;
        }

        Fill(end, groupStart, rows, rows);
        return new PeerGroups(start, end, index);
    }

    private static bool SameKeys(IReadOnlyList<ColumnVector> keys, int a, int b)
    {
        foreach (var key in keys)
        {
            if (!RowEquality.ValuesEqual(key, a, key, b, nullsEqual: true))
            {
                return false;
            }
        }

        return true;
    }

    private static void Fill(int[] values, int from, int to, int value) => values.AsSpan(from, to - from).Fill(value);
}
