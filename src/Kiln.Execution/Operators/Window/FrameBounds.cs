using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Plan.Windows;

namespace Kiln.Execution.Operators.Window;

/// <summary>
/// The frame of every row of one partition as row ranges [Lower[i], Upper[i]) (empty when Lower ≥ Upper).
/// ROWS bounds count rows. RANGE bounds: CURRENT ROW is the edge of the row's peer group; an offset selects the rows
/// whose single ORDER BY value v' satisfies lower ≤ d·(v' − v) ≤ upper (d = −1 when descending), so PRECEDING always
/// means earlier in the order, as in Spark. Rows with a NULL key have their NULL peers as the offset part of the frame.
/// </summary>
public sealed class FrameBounds
{
    private FrameBounds(int[] lower, int[] upper)
    {
        Lower = lower;
        Upper = upper;
    }

    public int[] Lower { get; }

    public int[] Upper { get; }

    /// <param name="frame">The frame.</param>
    /// <param name="rows">Rows in the partition.</param>
    /// <param name="peers">The partition's peer groups.</param>
    /// <param name="orderKey">The single ORDER BY column (needed only for RANGE offsets).</param>
    /// <param name="ascending">Its direction.</param>
    public static FrameBounds Compute(WindowFrame frame, int rows, PeerGroups peers, ColumnVector? orderKey, bool ascending)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(peers);
        var lower = new int[rows];
        var upper = new int[rows];
        var keys = frame.Type == FrameType.Range && (IsOffset(frame.Lower) || IsOffset(frame.Upper))
            ? RangeKeys.Of(orderKey ?? throw new InvalidOperationException("a RANGE frame with offsets needs its ORDER BY column"), ascending)
            : null;
        for (var i = 0; i < rows; i++)
        {
            lower[i] = Bound(frame, frame.Lower, isLower: true, i, rows, peers, keys);
            upper[i] = Bound(frame, frame.Upper, isLower: false, i, rows, peers, keys);
        }

        return new FrameBounds(lower, upper);
    }

    private static bool IsOffset(long bound) => bound is not (WindowFrame.UnboundedPreceding or WindowFrame.UnboundedFollowing or WindowFrame.CurrentRow);

    private static int Bound(WindowFrame frame, long bound, bool isLower, int i, int rows, PeerGroups peers, RangeKeys? keys)
    {
        if (bound == WindowFrame.UnboundedPreceding)
        {
            return 0;
        }

        if (bound == WindowFrame.UnboundedFollowing)
        {
            return rows;
        }

        if (frame.Type == FrameType.Rows)
        {
            var edge = (long)i + bound + (isLower ? 0 : 1);
            return (int)Math.Clamp(edge, 0, rows);
        }

        if (bound == WindowFrame.CurrentRow || keys!.IsNull(i))
        {
            return isLower ? peers.Start[i] : peers.End[i];
        }

        // Offsets: search among the non-NULL rows, which are sorted by d·v.
        return isLower ? keys.FirstAtLeast(i, bound) : keys.FirstAbove(i, bound);
    }

    /// <summary>The ORDER BY values of a partition as d·v, for offset searches; NULL rows form one run at an end.</summary>
    private sealed class RangeKeys
    {
        private readonly ColumnVector _key;
        private readonly bool _ascending;
        private readonly int _first;
        private readonly int _end;

        private RangeKeys(ColumnVector key, bool ascending, int first, int end)
        {
            _key = key;
            _ascending = ascending;
            _first = first;
            _end = end;
        }

        public static RangeKeys Of(ColumnVector key, bool ascending)
        {
            var first = 0;
            while (first < key.Length && key.IsNull(first))
            {
                first++;
            }

            var end = key.Length;
            while (end > first && key.IsNull(end - 1))
            {
                end--;
            }

            return new RangeKeys(key, ascending, first, end);
        }

        public bool IsNull(int row) => _key.IsNull(row);

        /// <summary>The first non-NULL row j with d·(v_j − v_i) ≥ offset.</summary>
        public int FirstAtLeast(int i, long offset) => Search(j => Difference(j, i, offset) >= 0);

        /// <summary>The first non-NULL row j with d·(v_j − v_i) > offset.</summary>
        public int FirstAbove(int i, long offset) => Search(j => Difference(j, i, offset) > 0);

        private int Search(Func<int, bool> predicate)
        {
            int lo = _first, hi = _end;
            while (lo < hi)
            {
                var mid = lo + ((hi - lo) / 2);
                if (predicate(mid))
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            return lo;
        }

        /// <summary>The sign of d·(v_j − v_i) − offset, with the offset in the key's units (scaled for decimals).</summary>
        private int Difference(int j, int i, long offset)
        {
            var sign = _ascending ? 1 : -1;
            return _key switch
            {
                PrimitiveVector<double> d => (sign * (d[j] - d[i])).CompareTo((double)offset),
                PrimitiveVector<int> v => ((long)sign * ((long)v[j] - v[i])).CompareTo(offset),
                PrimitiveVector<long> v => ((Int128)sign * ((Int128)v[j] - v[i])).CompareTo((Int128)offset),
                PrimitiveVector<Int128> v => (sign * (v[j] - v[i])).CompareTo(offset * ScalarValues.Pow10(_key.Type.Id == TypeId.Decimal ? _key.Type.Scale : 0)),
                _ => throw new NotSupportedException($"a RANGE frame with offsets cannot order by a {_key.Type} column"),
            };
        }
    }
}
