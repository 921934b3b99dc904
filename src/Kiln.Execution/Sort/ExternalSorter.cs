using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Memory;
using Kiln.Execution.Spill;

namespace Kiln.Execution.Sort;

/// <summary>
/// Sorts a stream of batches of any size within a task's memory budget. Input batches are buffered as they
/// are (no copy) while the <see cref="TaskMemoryManager"/> grants memory; when it refuses, the buffer is sorted
/// and written to a <see cref="SpillFile"/> as one sorted run, and its memory is released. The output is a
/// k-way merge of the runs and the in-memory remainder (or just the in-memory sort when nothing spilled).
/// <code>
///   Add* ──(reservation refused)──> sort buffer ──> spill run ──> Add* ... ──> Sorted()
///                                                                              │ no runs: in-memory sort
///                                                                              └ runs: merge(runs + memory)
/// </code>
/// Top-N mode (<see cref="ExternalSorterOptions.Limit"/>) keeps the buffer near N rows by sorting and
/// truncating it whenever it holds more than twice N.
/// </summary>
/// <remarks>
/// Not thread-safe: one task thread calls <see cref="Add"/> then enumerates <see cref="Sorted"/> once.
/// Dispose releases reserved memory and deletes spill files; it may be called mid-enumeration.
/// </remarks>
public sealed class ExternalSorter : IDisposable
{
    private readonly Schema _schema;
    private readonly SortKeySpec[] _keys;
    private readonly TaskMemoryManager _memory;
    private readonly DiskBlockManager? _disk;
    private readonly ExternalSorterOptions _options;
    private readonly SortBuffer _buffer;
    private readonly List<SpillFile> _runs = [];
    private long _reserved;
    private bool _consumed;
    private bool _disposed;

    public ExternalSorter(Schema schema, IReadOnlyList<SortKeySpec> keys, TaskMemoryManager memory, DiskBlockManager? disk, ExternalSorterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(memory);
        if (keys.Count == 0)
        {
            throw new ArgumentException("a sort needs at least one key", nameof(keys));
        }

        foreach (var key in keys)
        {
            if (key.Column < 0 || key.Column >= schema.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(keys), key.Column, $"sort key column {key.Column} is outside the schema's {schema.Count} columns");
            }
        }

        _schema = schema;
        _keys = [.. keys];
        _memory = memory;
        _disk = disk;
        _options = options ?? new ExternalSorterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1, nameof(options));
        if (_options.Limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Limit, "the limit must not be negative");
        }

        _buffer = new SortBuffer(schema, keys);
    }

    /// <summary>Sorted runs written to disk so far.</summary>
    public int SpillCount { get; private set; }

    public long SpilledBytes { get; private set; }

    public long RowsAdded { get; private set; }

    public void Add(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_consumed)
        {
            throw new InvalidOperationException("the sorter's output has already been read; create a new sorter");
        }

        if (batch.RowCount == 0 || _options.Limit == 0)
        {
            return;
        }

        RowsAdded += batch.RowCount;
        var bytes = batch.EstimatedBytes + ((long)batch.RowCount * SortBuffer.OverheadBytesPerRow);
        if (!_memory.TryReserve(bytes))
        {
            if (_buffer.RowCount > 0)
            {
                Spill();
            }

            if (!_memory.TryReserve(bytes))
            {
                _memory.ForceReserve(bytes);
            }
        }

        _reserved += bytes;
        _buffer.Add(batch);
        if (_options.Limit is { } limit && _buffer.RowCount > Math.Max(2 * limit, _options.BatchSize))
        {
            Truncate(limit);
        }
    }

    /// <summary>The sorted rows, in batches of at most <see cref="ExternalSorterOptions.BatchSize"/> rows. Enumerate once.</summary>
    public IEnumerable<RecordBatch> Sorted()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_consumed)
        {
            throw new InvalidOperationException("the sorter's output can be read only once");
        }

        _consumed = true;
        return _runs.Count == 0 ? SortedInMemory() : SortedFromRuns();
    }

    private IEnumerable<RecordBatch> SortedInMemory()
    {
        var limit = _options.Limit ?? long.MaxValue;
        foreach (var batch in _buffer.SortedBatches(_options.BatchSize, limit))
        {
            yield return batch;
        }

        ReleaseBuffer();
    }

    private IEnumerable<RecordBatch> SortedFromRuns()
    {
        var limit = _options.Limit ?? long.MaxValue;
        var runs = new List<IEnumerable<RecordBatch>>(_runs.Count + 1);
        foreach (var run in _runs)
        {
            run.CompleteWrite();
            runs.Add(run.ReadBatches());
        }

        if (_buffer.RowCount > 0)
        {
            runs.Add(_buffer.SortedBatches(_options.BatchSize, limit));
        }

        foreach (var batch in SortedRunMerger.Merge(_schema, _keys, runs, _options.BatchSize, limit))
        {
            yield return batch;
        }

        ReleaseBuffer();
    }

    private void Spill()
    {
        var disk = _disk ?? throw new InvalidOperationException(
            $"the sort needs to spill ({_buffer.RowCount} rows buffered, {_memory.UsedBytes} of {_memory.BudgetBytes} bytes used) but has no local directory; pass a DiskBlockManager or raise kiln.task.memory");
        var run = SpillFile.Create(disk, "sort", _schema, _options.Codec);
        _runs.Add(run);
        foreach (var batch in _buffer.SortedBatches(_options.BatchSize, _options.Limit ?? long.MaxValue))
        {
            run.Write(batch);
        }

        run.CompleteWrite();
        SpillCount++;
        SpilledBytes += run.Length;
        _memory.RecordSpill(run.Length);
        ReleaseBuffer();
    }

    private void Truncate(long limit)
    {
        var kept = _buffer.SortedBatches(_options.BatchSize, limit).ToList();
        ReleaseBuffer();
        foreach (var batch in kept)
        {
            var bytes = batch.EstimatedBytes + ((long)batch.RowCount * SortBuffer.OverheadBytesPerRow);
            _memory.ForceReserve(bytes);
            _reserved += bytes;
            _buffer.Add(batch);
        }
    }

    private void ReleaseBuffer()
    {
        _buffer.Clear();
        if (_reserved > 0)
        {
            _memory.Release(_reserved);
            _reserved = 0;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleaseBuffer();
        foreach (var run in _runs)
        {
            run.Dispose();
        }

        _runs.Clear();
    }
}
