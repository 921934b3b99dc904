using Kiln.Common.Batches;
using Kiln.Common.Ipc;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>
/// A fixed fan-out of spill files that rows are distributed into by bits of their key hash, for grace-style
/// spilling of hash tables (aggregation, join build sides): each file is later processed on its own, within budget.
/// </summary>
/// <remarks>Owned by one task. Disposing deletes the files.</remarks>
public sealed class SpillPartitions : IDisposable
{
    public const int FanOut = 16;

    private readonly string[] _paths;
    private readonly FileStream?[] _streams;
    private readonly int _shift;

    public SpillPartitions(string directory, Schema schema, int level)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        Schema = schema;
        _shift = 60 - (4 * (level % 14));
        _paths = Enumerable.Range(0, FanOut).Select(_ => Path.Combine(directory, $"spill-{Guid.NewGuid():N}.klb")).ToArray();
        _streams = new FileStream?[FanOut];
    }

    public Schema Schema { get; }

    public long BytesWritten { get; private set; }

    public int PartitionOf(ulong hash) => (int)((hash >> _shift) & (FanOut - 1));

    /// <summary>Writes each row of <paramref name="batch"/> to the partition chosen from <paramref name="hashes"/>.</summary>
    public void Write(RecordBatch batch, ReadOnlySpan<ulong> hashes)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var lists = new List<int>[FanOut];
        for (var r = 0; r < batch.RowCount; r++)
        {
            var p = PartitionOf(hashes[r]);
            (lists[p] ??= []).Add(r);
        }

        for (var p = 0; p < FanOut; p++)
        {
            if (lists[p] is { } rows)
            {
                var stream = _streams[p] ??= new FileStream(_paths[p], FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
                var before = stream.Position;
                BatchSerializer.Write(stream, batch.Gather(rows.ToArray()));
                BytesWritten += stream.Position - before;
            }
        }
    }

    /// <summary>Writes rows whose hash is computed over <paramref name="keyColumns"/> of the batch.</summary>
    public void Write(RecordBatch batch, IReadOnlyList<int> keyColumns)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(keyColumns);
        var hashes = new ulong[batch.RowCount];
        TableHasher.Hash(keyColumns.Select(batch.Column).ToArray(), hashes);
        Write(batch, hashes);
    }

    /// <summary>The batches of partition <paramref name="partition"/>, streamed from disk.</summary>
    public IEnumerable<RecordBatch> Read(int partition)
    {
        var stream = _streams[partition];
        if (stream is null)
        {
            yield break;
        }

        stream.Flush();
        stream.Position = 0;
        while (BatchSerializer.Read(stream, Schema) is { } batch)
        {
            yield return batch;
        }
    }

    public bool IsEmpty(int partition) => _streams[partition] is null;

    public void Dispose()
    {
        for (var p = 0; p < FanOut; p++)
        {
            _streams[p]?.Dispose();
            if (File.Exists(_paths[p]))
            {
                File.Delete(_paths[p]);
            }
        }
    }
}
