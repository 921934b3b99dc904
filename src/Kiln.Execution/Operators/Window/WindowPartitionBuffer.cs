using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Memory;
using Kiln.Execution.Spill;

namespace Kiln.Execution.Operators.Window;

/// <summary>
/// Holds the rows of one window partition while it is read, within the task's memory budget. Whole rows are kept
/// as the batches they arrived in while the <see cref="TaskMemoryManager"/> grants memory; when it refuses, every
/// buffered batch is appended to the partition's <see cref="SpillFile"/> and its memory released, as the external
/// sorter does. The columns the window functions read (ORDER BY keys and arguments) always stay in memory, so the
/// functions are computed in one pass; the rows are then read back in order (spilled prefix, then the in-memory rest)
/// and joined with the results.
/// <code>
///   Add* ──(reservation refused)──> append buffered batches to the spill file ──> Add* ... ──> Columns() + Rows()
///                                                                                          ──> Clear (next partition)
/// </code>
/// </summary>
/// <remarks>Not thread-safe: used by one task thread. Dispose releases memory and deletes the spill file.</remarks>
public sealed class WindowPartitionBuffer : IDisposable
{
    private readonly Schema _schema;
    private readonly int[] _read;
    private readonly Schema _readSchema;
    private readonly TaskMemoryManager _memory;
    private readonly DiskBlockManager? _disk;
    private readonly SpillCodec _codec;
    private readonly List<RecordBatch> _rows = [];
    private readonly List<RecordBatch> _readColumns = [];
    private SpillFile? _spill;
    private long _rowBytes;
    private long _readBytes;

    /// <param name="schema">The input rows' schema.</param>
    /// <param name="read">The input columns the window functions read.</param>
    /// <param name="memory">The task's memory budget.</param>
    /// <param name="disk">Where to spill; null when spilling is impossible (the budget is then exceeded instead).</param>
    /// <param name="codec">Encoding of spilled batches.</param>
    public WindowPartitionBuffer(Schema schema, int[] read, TaskMemoryManager memory, DiskBlockManager? disk, SpillCodec codec)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(memory);
        _schema = schema;
        _read = read;
        _readSchema = new Schema(read.Select(c => schema[c]));
        _memory = memory;
        _disk = disk;
        _codec = codec;
    }

    public int RowCount { get; private set; }

    /// <summary>Times this buffer wrote buffered rows to disk (over all partitions).</summary>
    public int SpillCount { get; private set; }

    public long SpilledBytes { get; private set; }

    public void Add(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.RowCount == 0)
        {
            return;
        }

        RowCount += batch.RowCount;
        var columns = new RecordBatch(_readSchema, _read.Select(c => batch.Columns[c]).ToArray(), batch.RowCount);
        _readColumns.Add(columns);
        _memory.ForceReserve(columns.EstimatedBytes);
        _readBytes += columns.EstimatedBytes;

        var bytes = batch.EstimatedBytes;
        if (_memory.TryReserve(bytes))
        {
            _rowBytes += bytes;
            _rows.Add(batch);
            return;
        }

        if (_disk is null)
        {
            _memory.ForceReserve(bytes);
            _rowBytes += bytes;
            _rows.Add(batch);
            return;
        }

        _rows.Add(batch);
        Spill(_disk);
    }

    /// <summary>The read columns of the whole partition, in arrival order.</summary>
    public IReadOnlyList<ColumnVector> Columns() => RecordBatch.Concat(_readSchema, _readColumns).Columns;

    /// <summary>The partition's rows in arrival order: spilled batches first, then the buffered ones.</summary>
    public IEnumerable<RecordBatch> Rows()
    {
        if (_spill is { } spill)
        {
            spill.CompleteWrite();
            foreach (var batch in spill.ReadBatches())
            {
                yield return batch;
            }
        }

        foreach (var batch in _rows)
        {
            yield return batch;
        }
    }

    /// <summary>Forgets the partition: releases its memory and deletes its spill file.</summary>
    public void Clear()
    {
        _rows.Clear();
        _readColumns.Clear();
        RowCount = 0;
        _memory.Release(_rowBytes + _readBytes);
        _rowBytes = 0;
        _readBytes = 0;
        _spill?.Dispose();
        _spill = null;
    }

    private void Spill(DiskBlockManager disk)
    {
        _spill ??= SpillFile.Create(disk, "window", _schema, _codec);
        var before = _spill.Length;
        foreach (var batch in _rows)
        {
            _spill.Write(batch);
        }

        _rows.Clear();
        _memory.Release(_rowBytes);
        _rowBytes = 0;
        var written = _spill.Length - before;
        SpillCount++;
        SpilledBytes += written;
        _memory.RecordSpill(written);
    }

    public void Dispose() => Clear();
}
