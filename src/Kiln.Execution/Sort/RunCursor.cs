using Kiln.Common.Batches;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Sort;

/// <summary>
/// The read position in one sorted run during a merge: the current batch, the current row, and the first
/// key's normalized values for that batch so most comparisons are two long compares.
/// </summary>
internal sealed class RunCursor : IDisposable
{
    private readonly IEnumerator<RecordBatch> _batches;
    private readonly SortKeySpec _first;
    private long[] _keys = [];

    public RunCursor(IEnumerable<RecordBatch> batches, SortKeySpec first)
    {
        _batches = batches.GetEnumerator();
        _first = first;
    }

    public RecordBatch Batch { get; private set; } = null!;

    public int Row { get; private set; }

    /// <summary>The index of <see cref="Batch"/> in the merge's current output sources, or -1 when not yet added.</summary>
    public int SourceSlot { get; set; } = -1;

    /// <summary>0 for NULLS FIRST nulls, 1 for values, 2 for NULLS LAST nulls: the first comparison.</summary>
    public int NullRank { get; private set; }

    public long Key { get; private set; }

    /// <summary>Moves to the first row; false when the run is empty.</summary>
    public bool Start() => LoadNextBatch();

    /// <summary>Moves to the next row; false when the run is exhausted.</summary>
    public bool Advance()
    {
        if (++Row < Batch.RowCount)
        {
            Load();
            return true;
        }

        return LoadNextBatch();
    }

    private bool LoadNextBatch()
    {
        while (_batches.MoveNext())
        {
            var batch = _batches.Current;
            if (batch.RowCount == 0)
            {
                continue;
            }

            Batch = batch;
            Row = 0;
            SourceSlot = -1;
            var column = batch.Columns[_first.Column];
            if (_keys.Length < batch.RowCount)
            {
                _keys = new long[batch.RowCount];
            }

            NormalizedKeys.Extract(column, _first.Ascending, _keys.AsSpan(0, batch.RowCount));
            Load();
            return true;
        }

        return false;
    }

    private void Load()
    {
        ColumnVector column = Batch.Columns[_first.Column];
        if (column.IsNull(Row))
        {
            NullRank = _first.NullsFirst ? 0 : 2;
            Key = 0;
        }
        else
        {
            NullRank = 1;
            Key = _keys[Row];
        }
    }

    public void Dispose() => _batches.Dispose();
}
