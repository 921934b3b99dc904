using System.Buffers.Binary;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Memory;
using Kiln.Execution.Sort;
using Kiln.Execution.Spill;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// Writes the output of one map task for a shuffle: rows are assigned to reduce partitions by the partitioner
/// and end up in ONE data file (partition 0's frames, then partition 1's, ...) and ONE index file of
/// numPartitions + 1 offsets (layout in <see cref="DiskBlockManager"/>).
/// <code>
///   Write*: partition ids ─> counting sort of row indices ─> buffer batch (no copy)
///           reservation refused ─> spill: per partition, gather its rows ─> frames ─> spill file (+ offsets)
///   Commit: per partition p: copy p's byte range of every spill, then gather p's buffered rows ─> frames
///           ─> temp .data + temp .index ─> rename both into place under the commit lock ─> MapStatus
/// </code>
/// A retry of the same map task commits over the previous output; readers see either the old pair or the new.
/// </summary>
/// <remarks>Not thread-safe: one task thread calls Write* then Commit once. Dispose without Commit discards everything.</remarks>
public sealed class ShuffleWriter : IDisposable
{
    private readonly int _shuffleId;
    private readonly int _mapIndex;
    private readonly int _numPartitions;
    private readonly Func<RecordBatch, int[]> _partitioner;
    private readonly Schema _schema;
    private readonly DiskBlockManager _disk;
    private readonly TaskMemoryManager _memory;
    private readonly ShuffleWriterOptions _options;
    private readonly List<BufferedBatch> _buffered = [];
    private readonly List<(SpillFile File, long[] Offsets)> _spills = [];
    private long _reserved;
    private bool _committed;
    private bool _disposed;

    public ShuffleWriter(
        int shuffleId, int mapIndex, int numPartitions, Func<RecordBatch, int[]> partitioner, Schema schema,
        DiskBlockManager disk, TaskMemoryManager memory, ShuffleWriterOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shuffleId);
        ArgumentOutOfRangeException.ThrowIfNegative(mapIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(numPartitions, 1);
        _shuffleId = shuffleId;
        _mapIndex = mapIndex;
        _numPartitions = numPartitions;
        _partitioner = partitioner ?? throw new ArgumentNullException(nameof(partitioner));
        _schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _disk = disk ?? throw new ArgumentNullException(nameof(disk));
        _memory = memory ?? throw new ArgumentNullException(nameof(memory));
        _options = options ?? new ShuffleWriterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1, nameof(options));
    }

    public long RowsWritten { get; private set; }

    /// <summary>How many times the buffered rows were spilled to disk.</summary>
    public int SpillCount { get; private set; }

    public void Write(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException($"map output {_shuffleId}/{_mapIndex} is already committed");
        }

        if (batch.RowCount == 0)
        {
            return;
        }

        var ids = _partitioner(batch);
        if (ids.Length != batch.RowCount)
        {
            throw new InvalidOperationException($"the partitioner returned {ids.Length} partition ids for {batch.RowCount} rows");
        }

        var buffered = BufferedBatch.Create(batch, ids, _numPartitions);
        var bytes = batch.EstimatedBytes + (4L * (batch.RowCount + _numPartitions + 1));
        if (!_memory.TryReserve(bytes))
        {
            if (_buffered.Count > 0)
            {
                Spill();
            }

            if (!_memory.TryReserve(bytes))
            {
                _memory.ForceReserve(bytes);
            }
        }

        _reserved += bytes;
        _buffered.Add(buffered);
        RowsWritten += batch.RowCount;
    }

    /// <summary>Writes the data and index files, renames them into place and returns the map status.</summary>
    public MapStatus Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException($"map output {_shuffleId}/{_mapIndex} is already committed");
        }

        var tempData = _disk.NewTempPath($"shuffle-{_shuffleId}-{_mapIndex}-data");
        var tempIndex = _disk.NewTempPath($"shuffle-{_shuffleId}-{_mapIndex}-index");
        var sizes = new long[_numPartitions];
        try
        {
            WriteData(tempData, sizes);
            WriteIndex(tempIndex, sizes);
            _disk.CommitLock.EnterWriteLock();
            try
            {
                File.Move(tempData, _disk.ShuffleDataPath(_shuffleId, _mapIndex), overwrite: true);
                File.Move(tempIndex, _disk.ShuffleIndexPath(_shuffleId, _mapIndex), overwrite: true);
            }
            finally
            {
                _disk.CommitLock.ExitWriteLock();
            }
        }
        catch
        {
            DiskBlockManager.TryDelete(tempData);
            DiskBlockManager.TryDelete(tempIndex);
            throw;
        }

        _committed = true;
        ReleaseAll();
        return new MapStatus(_shuffleId, _mapIndex, _options.ExecutorId, sizes) { BlockServer = _options.BlockServer };
    }

    private void WriteData(string path, long[] sizes)
    {
        var spillStreams = _spills.Select(s => s.File.OpenRange(0, s.File.Length)).ToArray();
        try
        {
            using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            using var scratch = new MemoryStream();
            var buffer = new byte[1 << 16];
            for (var p = 0; p < _numPartitions; p++)
            {
                var start = output.Position;
                for (var s = 0; s < spillStreams.Length; s++)
                {
                    var offsets = _spills[s].Offsets;
                    CopyExactly(spillStreams[s], output, offsets[p + 1] - offsets[p], buffer);
                }

                foreach (var batch in PartitionBatches(p))
                {
                    BatchFrames.Write(output, batch, _options.Codec, scratch);
                }

                sizes[p] = output.Position - start;
            }

            output.Flush();
        }
        finally
        {
            foreach (var s in spillStreams)
            {
                s.Dispose();
            }
        }
    }

    private void WriteIndex(string path, long[] sizes)
    {
        var index = new byte[8 * (_numPartitions + 1)];
        long offset = 0;
        for (var p = 0; p <= _numPartitions; p++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(index.AsSpan(8 * p), offset);
            if (p < _numPartitions)
            {
                offset += sizes[p];
            }
        }

        using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096);
        output.Write(index);
        output.Flush();
    }

    private void Spill()
    {
        var file = SpillFile.Create(_disk, $"shuffle-{_shuffleId}-{_mapIndex}", _schema, _options.Codec);
        try
        {
            var offsets = new long[_numPartitions + 1];
            for (var p = 0; p < _numPartitions; p++)
            {
                offsets[p] = file.Length;
                foreach (var batch in PartitionBatches(p))
                {
                    file.Write(batch);
                }
            }

            offsets[_numPartitions] = file.Length;
            file.CompleteWrite();
            _spills.Add((file, offsets));
            SpillCount++;
            _memory.RecordSpill(file.Length);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        ReleaseBuffered();
    }

    /// <summary>The buffered rows of partition <paramref name="p"/>, in arrival order, as batches of at most BatchSize rows.</summary>
    private IEnumerable<RecordBatch> PartitionBatches(int p)
    {
        var total = 0;
        foreach (var b in _buffered)
        {
            total += b.Count(p);
        }

        if (total == 0)
        {
            yield break;
        }

        var chunk = Math.Min(total, _options.BatchSize);
        var sourceIndex = new int[chunk];
        var rows = new int[chunk];
        var sources = new List<RecordBatch>();
        var n = 0;
        foreach (var b in _buffered)
        {
            var (allRows, from, to) = b.Range(p);
            if (from == to)
            {
                continue;
            }

            var slot = sources.Count;
            sources.Add(b.Batch);
            for (var i = from; i < to; i++)
            {
                sourceIndex[n] = slot;
                rows[n++] = allRows[i];
                if (n == chunk)
                {
                    yield return BatchGather.Gather(_schema, sources, sourceIndex, rows);
                    n = 0;
                    sources.Clear();
                    sources.Add(b.Batch);
                    slot = 0;
                }
            }
        }

        if (n > 0)
        {
            yield return BatchGather.Gather(_schema, sources, sourceIndex.AsSpan(0, n), rows.AsSpan(0, n));
        }
    }

    private static void CopyExactly(Stream source, Stream destination, long count, byte[] buffer)
    {
        while (count > 0)
        {
            var n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (n == 0)
            {
                throw new IOException("a shuffle spill file ended before its recorded length");
            }

            destination.Write(buffer, 0, n);
            count -= n;
        }
    }

    private void ReleaseBuffered()
    {
        _buffered.Clear();
        if (_reserved > 0)
        {
            _memory.Release(_reserved);
            _reserved = 0;
        }
    }

    private void ReleaseAll()
    {
        ReleaseBuffered();
        foreach (var (file, _) in _spills)
        {
            file.Dispose();
        }

        _spills.Clear();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleaseAll();
    }

    /// <summary>An input batch with its row indices grouped by partition (a counting sort of the partition ids).</summary>
    private sealed class BufferedBatch
    {
        private readonly int[] _rows;
        private readonly int[] _starts;

        private BufferedBatch(RecordBatch batch, int[] rows, int[] starts)
        {
            Batch = batch;
            _rows = rows;
            _starts = starts;
        }

        public RecordBatch Batch { get; }

        public static BufferedBatch Create(RecordBatch batch, int[] ids, int numPartitions)
        {
            var starts = new int[numPartitions + 1];
            foreach (var id in ids)
            {
                if ((uint)id >= (uint)numPartitions)
                {
                    throw new InvalidOperationException($"the partitioner returned partition {id}, outside [0, {numPartitions})");
                }

                starts[id + 1]++;
            }

            for (var p = 0; p < numPartitions; p++)
            {
                starts[p + 1] += starts[p];
            }

            var next = starts.AsSpan(0, numPartitions).ToArray();
            var rows = new int[ids.Length];
            for (var r = 0; r < ids.Length; r++)
            {
                rows[next[ids[r]]++] = r;
            }

            return new BufferedBatch(batch, rows, starts);
        }

        public int Count(int p) => _starts[p + 1] - _starts[p];

        public (int[] Rows, int From, int To) Range(int p) => (_rows, _starts[p], _starts[p + 1]);
    }
}
