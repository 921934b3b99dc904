using Kiln.Network.Blocks;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// A read-only, forward-only stream over fetched bytes that arrive as a sequence of <see cref="ReceivedBlock"/>
/// pieces (one for a whole block, several for a large one). Each piece is released as soon as it is read through.
/// </summary>
/// <remarks>Not thread-safe: one consumer reads it. Disposing releases whatever it still holds.</remarks>
internal abstract class ReceivedBytesStream : Stream
{
    private ReceivedBlock? _piece;
    private int _chunk;
    private int _offset;
    private long _position;
    private int _disposed;

    protected ReceivedBytesStream(long length) => Length = length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The next piece, waiting for it to arrive; null after the last. Throws when it cannot be fetched.</summary>
    protected abstract ReceivedBlock? NextPiece();

    /// <summary>Asynchronous <see cref="NextPiece"/>.</summary>
    protected abstract ValueTask<ReceivedBlock?> NextPieceAsync(CancellationToken cancellationToken);

    /// <summary>A piece was read through (or abandoned on dispose); the stream has disposed it already.</summary>
    protected abstract void OnPieceReleased(ReceivedBlock piece);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        while (buffer.Length > 0 && _position < Length)
        {
            if (_piece is null)
            {
                _piece = NextPiece();
                if (_piece is null)
                {
                    break;
                }
            }

            var copied = CopyFromPiece(buffer);
            if (copied > 0)
            {
                return copied;
            }
        }

        return 0;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        while (buffer.Length > 0 && _position < Length)
        {
            if (_piece is null)
            {
                _piece = await NextPieceAsync(cancellationToken).ConfigureAwait(false);
                if (_piece is null)
                {
                    break;
                }
            }

            var copied = CopyFromPiece(buffer.Span);
            if (copied > 0)
            {
                return copied;
            }
        }

        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Copies from the current piece; releases it when read through. Returns 0 when the piece had nothing left.</summary>
    private int CopyFromPiece(Span<byte> buffer)
    {
        var piece = _piece!;
        var copied = 0;
        while (copied < buffer.Length && _chunk < piece.ChunkCount)
        {
            var chunk = piece.Chunk(_chunk).Span;
            var n = Math.Min(chunk.Length - _offset, buffer.Length - copied);
            chunk.Slice(_offset, n).CopyTo(buffer[copied..]);
            copied += n;
            _offset += n;
            if (_offset == chunk.Length)
            {
                _chunk++;
                _offset = 0;
            }
        }

        _position += copied;
        if (_chunk >= piece.ChunkCount)
        {
            _piece = null;
            _chunk = 0;
            _offset = 0;
            piece.Dispose();
            OnPieceReleased(piece);
        }

        return copied;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0 && _piece is { } piece)
        {
            _piece = null;
            piece.Dispose();
            OnPieceReleased(piece);
        }

        base.Dispose(disposing);
    }
}
