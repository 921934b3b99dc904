using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kiln.Execution.Sort;

/// <summary>
/// Names each buffered row by one int. Packed mode: <c>batch &lt;&lt; shift | row</c>, decoded with a shift and a
/// mask. When that does not fit an int (very many batches next to a very large one) it falls back to dense
/// ids (batch start + row) decoded through a row-to-batch table.
/// </summary>
internal sealed class RowIdMap
{
    private readonly int _shift;
    private readonly int _mask;
    private readonly int[] _starts;
    private readonly int[]? _rowToBatch;

    public RowIdMap(IReadOnlyList<int> batchRows)
    {
        var max = 1;
        var total = 0;
        _starts = new int[batchRows.Count];
        for (var b = 0; b < batchRows.Count; b++)
        {
            _starts[b] = total;
            total += batchRows[b];
            max = Math.Max(max, batchRows[b]);
        }

        _shift = 32 - BitOperations.LeadingZeroCount((uint)(max - 1));
        _mask = (int)((1L << _shift) - 1);
        if (((long)Math.Max(0, batchRows.Count - 1) << _shift) + _mask > int.MaxValue)
        {
            _rowToBatch = new int[total];
            for (var b = 0; b < batchRows.Count; b++)
            {
                _rowToBatch.AsSpan(_starts[b], batchRows[b]).Fill(b);
            }
        }
    }

    /// <summary>The id of row 0 of batch <paramref name="batch"/>; row r's id is this plus r.</summary>
    public int BaseId(int batch) => _rowToBatch is null ? batch << _shift : _starts[batch];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Batch(int id) => _rowToBatch is null ? id >> _shift : _rowToBatch[id];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Row(int id, int batch) => _rowToBatch is null ? id & _mask : id - _starts[batch];
}
