using Kiln.Common.Batches;
using Kiln.Common.Types;

namespace Kiln.Execution.Spill;

/// <summary>
/// A temporary file of batch frames (<see cref="BatchFrames"/>): written once, front to back, then read back
/// any number of times, whole or by byte range. The file is deleted on dispose.
/// <code>
///   Create ──Write*──> CompleteWrite ──ReadBatches / OpenRange*──> Dispose (file deleted)
/// </code>
/// </summary>
/// <remarks>
/// Not thread-safe while writing. Once written, readers may run concurrently: each read opens its own handle.
/// </remarks>
public sealed class SpillFile : IDisposable
{
    private const int BufferSize = 1 << 16;
    private readonly MemoryStream _scratch = new();
    private FileStream? _writer;
    private int _disposed;

    private SpillFile(string path, Schema schema, SpillCodec codec)
    {
        Path = path;
        Schema = schema;
        Codec = codec;
        _writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, BufferSize);
    }

    public static SpillFile Create(DiskBlockManager disk, string purpose, Schema schema, SpillCodec codec)
    {
        ArgumentNullException.ThrowIfNull(disk);
        ArgumentNullException.ThrowIfNull(schema);
        return new SpillFile(disk.NewTempPath(purpose), schema, codec);
    }

    public string Path { get; }

    public Schema Schema { get; }

    public SpillCodec Codec { get; }

    /// <summary>Bytes written so far; after <see cref="CompleteWrite"/>, the file's length.</summary>
    public long Length { get; private set; }

    public long BatchCount { get; private set; }

    public long RowCount { get; private set; }

    public bool IsWritable => _writer is not null;

    /// <summary>Appends one batch as a frame. Empty batches are skipped.</summary>
    public void Write(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var writer = _writer ?? throw new InvalidOperationException($"spill file {Path} is already complete");
        if (batch.RowCount == 0)
        {
            return;
        }

        Length += BatchFrames.Write(writer, batch, Codec, _scratch);
        BatchCount++;
        RowCount += batch.RowCount;
    }

    /// <summary>Flushes and closes the writer; the file becomes readable.</summary>
    public void CompleteWrite()
    {
        if (_writer is { } w)
        {
            w.Flush();
            w.Dispose();
            _writer = null;
            _scratch.Dispose();
        }
    }

    /// <summary>Reads all batches back in order; one batch is held at a time.</summary>
    public IEnumerable<RecordBatch> ReadBatches() => ReadRange(0, Length);

    /// <summary>Reads the batches of the frames in [start, end) — a range that starts and ends on frame boundaries.</summary>
    public IEnumerable<RecordBatch> ReadRange(long start, long end)
    {
        using var stream = OpenRange(start, end);
        while (BatchFrames.Read(stream, Schema) is { } batch)
        {
            yield return batch;
        }
    }

    /// <summary>A read-only stream over bytes [start, end) of the completed file; the caller disposes it.</summary>
    public Stream OpenRange(long start, long end)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_writer is not null)
        {
            throw new InvalidOperationException($"spill file {Path} is still being written; call CompleteWrite first");
        }

        if (start < 0 || end < start || end > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"range [{start}, {end}) is outside the file's {Length} bytes");
        }

        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize);
        return new FileSegmentStream(file, start, end - start);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _writer?.Dispose();
        _writer = null;
        _scratch.Dispose();
        DiskBlockManager.TryDelete(Path);
    }
}
