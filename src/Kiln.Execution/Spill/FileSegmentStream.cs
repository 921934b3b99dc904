namespace Kiln.Execution.Spill;

/// <summary>
/// A read-only, forward-only view of bytes [offset, offset + length) of a file; it owns and disposes the file
/// stream. Used for spill ranges and shuffle blocks so that only the block's bytes are ever read.
/// </summary>
public sealed class FileSegmentStream : Stream
{
    private readonly FileStream _file;
    private readonly long _offset;
    private long _position;

    public FileSegmentStream(FileStream file, long offset, long length)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _file = file;
        _offset = offset;
        Length = length;
        _file.Seek(offset, SeekOrigin.Begin);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, Length - _position);
        if (n <= 0)
        {
            return 0;
        }

        var got = _file.Read(buffer[..n]);
        _position += got;
        return got;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = (int)Math.Min(buffer.Length, Length - _position);
        if (n <= 0)
        {
            return 0;
        }

        var got = await _file.ReadAsync(buffer[..n], cancellationToken).ConfigureAwait(false);
        _position += got;
        return got;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The absolute file offset where this segment starts.</summary>
    public long FileOffset => _offset;
}
