using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Plan.Windows;

namespace Kiln.Execution.Operators.Window;

/// <summary>
/// Computes the window functions of one partition, given the partition's ORDER BY columns and argument columns in
/// sorted order. Each function yields one column of the partition's length.
/// </summary>
public static class WindowEvaluator
{
    /// <param name="functions">The functions, with <see cref="WindowFunctionSpec.Argument"/> indexing <paramref name="columns"/>.</param>
    /// <param name="orderKeys">Indices into <paramref name="columns"/> of the ORDER BY columns, and their directions.</param>
    /// <param name="columns">The partition's columns.</param>
    /// <param name="rows">Rows in the partition.</param>
    public static ColumnVector[] Evaluate(IReadOnlyList<WindowFunctionSpec> functions, IReadOnlyList<(int Column, bool Ascending)> orderKeys, IReadOnlyList<ColumnVector> columns, int rows)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(orderKeys);
        ArgumentNullException.ThrowIfNull(columns);
        var peers = PeerGroups.Of(orderKeys.Select(k => columns[k.Column]).ToArray(), rows);
        var frames = new Dictionary<WindowFrame, FrameBounds>();
        var results = new ColumnVector[functions.Count];
        for (var f = 0; f < functions.Count; f++)
        {
            var spec = functions[f];
            var argument = spec.Argument >= 0 ? columns[spec.Argument] : null;
            results[f] = spec.Op switch
            {
                WindowOp.RowNumber => Ints(rows, i => i + 1),
                WindowOp.Rank => Ints(rows, i => peers.Start[i] + 1),
                WindowOp.DenseRank => Ints(rows, i => peers.Index[i] + 1),
                WindowOp.PercentRank => Doubles(rows, i => rows > 1 ? (double)peers.Start[i] / (rows - 1) : 0),
                WindowOp.CumeDist => Doubles(rows, i => (double)peers.End[i] / rows),
                WindowOp.Ntile => Ints(rows, i => Ntile(i, rows, spec.Parameter)),
                WindowOp.Lag => ValueGather.Take(argument!, Picks(rows, i => Offset(i - (long)spec.Parameter, rows)), spec.Default),
                WindowOp.Lead => ValueGather.Take(argument!, Picks(rows, i => Offset(i + (long)spec.Parameter, rows)), spec.Default),
                WindowOp.FirstValue => FromFrame(spec, argument!, (lo, hi) => lo < hi ? lo : ValueGather.Null),
                WindowOp.LastValue => FromFrame(spec, argument!, (lo, hi) => lo < hi ? hi - 1 : ValueGather.Null),
                WindowOp.NthValue => FromFrame(spec, argument!, (lo, hi) => lo + spec.Parameter - 1 < hi ? lo + spec.Parameter - 1 : ValueGather.Null),
                _ => FrameAggregate.Create(spec.Op, argument, spec.ResultType, rows).Evaluate(BoundsOf(spec.Frame)),
            };
        }

        return results;

        FrameBounds BoundsOf(WindowFrame frame)
        {
            if (!frames.TryGetValue(frame, out var bounds))
            {
                var key = orderKeys.Count == 1 ? columns[orderKeys[0].Column] : null;
                bounds = FrameBounds.Compute(frame, rows, peers, key, orderKeys.Count == 1 && orderKeys[0].Ascending);
                frames[frame] = bounds;
            }

            return bounds;
        }

        ColumnVector FromFrame(WindowFunctionSpec spec, ColumnVector argument, Func<int, int, int> pick)
        {
            var bounds = BoundsOf(spec.Frame);
            return ValueGather.Take(argument, Picks(rows, i => pick(bounds.Lower[i], bounds.Upper[i])), null);
        }
    }

    /// <summary>Spark's ntile: n rows into k buckets, the first n mod k buckets one row larger.</summary>
    public static int Ntile(int row, int rows, int buckets)
    {
        var size = rows / buckets;
        var remainder = rows % buckets;
        var large = remainder * (size + 1);
        return row < large ? (row / (size + 1)) + 1 : remainder + ((row - large) / size) + 1;
    }

    private static int Offset(long row, int rows) => row >= 0 && row < rows ? (int)row : ValueGather.Default;

    private static int[] Picks(int rows, Func<int, int> pick)
    {
        var picks = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            picks[i] = pick(i);
        }

        return picks;
    }

    private static PrimitiveVector<int> Ints(int rows, Func<int, int> value) => new(DataType.Int32, Picks(rows, value));

    private static PrimitiveVector<double> Doubles(int rows, Func<int, double> value)
    {
        var values = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            values[i] = value(i);
        }

        return new PrimitiveVector<double>(DataType.Float64, values);
    }
}
