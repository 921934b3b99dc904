using Kiln.Network;
using Kiln.Network.Blocks;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// A block too large to fetch whole within the bound on bytes in flight: fetched as consecutive byte ranges
/// (pieces), at most two held or requested at a time, the next requested as soon as one arrives and one slot
/// is free. The reader sees one continuous stream; pieces must all come from the same version of the block.
/// <code>
///   piece:      0         1         2         3
///   request ─> [arrives] ─> request 1 ─> [arrives]   (held: 0, 1)
///   reader reads 0 through ─> release 0 ─> request 2 ─> ...
/// </code>
/// The bytes it may hold (two pieces) are reserved by the fetch when the block is scheduled and released when
/// the stream is disposed, so the reader never waits on the fetch's shared budget: no deadlock with other blocks.
/// </summary>
/// <remarks>Read by one consumer; piece arrivals come from other threads.</remarks>
internal sealed class PiecedBlockStream : ReceivedBytesStream
{
    private const int Window = 2;

    private readonly Lock _gate = new();
    private readonly Queue<ReceivedBlock> _ready = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly TaskCompletionSource _firstPiece = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BlockRequest _request;
    private readonly NetworkAddress _address;
    private readonly long _pieceSize;
    private readonly int _pieceCount;
    private readonly Func<BlockRangeRequest, CancellationToken, Task<ReceivedBlock>> _fetch;
    private readonly Action<long> _onBuffered;
    private readonly Action _release;
    private readonly CancellationTokenSource _cancel;
    private int _held;
    private bool _requesting;
    private int _next;
    private int _taken;
    private long? _version;
    private Exception? _error;
    private int _released;

    /// <param name="fetch">Fetches one range (with retries); fails with the cause when it cannot.</param>
    /// <param name="onBuffered">Told when a piece's bytes stop being held (negative deltas).</param>
    /// <param name="release">Returns the stream's reservation to the fetch; runs once.</param>
    public PiecedBlockStream(
        BlockRequest request, NetworkAddress address, long pieceSize, Func<BlockRangeRequest, CancellationToken, Task<ReceivedBlock>> fetch,
        Action<long> onBuffered, Action release, CancellationToken cancellationToken)
        : base(request.Size)
    {
        _request = request;
        _address = address;
        _pieceSize = pieceSize;
        _pieceCount = (int)((request.Size + pieceSize - 1) / pieceSize);
        _fetch = fetch;
        _onBuffered = onBuffered;
        _release = release;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _cancel.Token.Register(() => _allArrived.TrySetResult());
    }

    /// <summary>Completes when the first piece has arrived; fails with the first piece's error.</summary>
    public Task FirstPiece => _firstPiece.Task;

    /// <summary>Completes when the last piece has arrived, or the stream failed or was disposed.</summary>
    public Task AllArrived => _allArrived.Task;

    public void Start() => RequestNext();

    private void RequestNext()
    {
        int piece;
        lock (_gate)
        {
            if (_requesting || _error is not null || IsDisposed || _next >= _pieceCount || _held + 1 > Window)
            {
                return;
            }

            _requesting = true;
            piece = _next++;
        }

        var offset = piece * _pieceSize;
        var range = new BlockRangeRequest(_request.BlockId.Name, offset, Math.Min(_pieceSize, _request.Size - offset));
        _ = _fetch(range, _cancel.Token).ContinueWith(t => OnArrived(piece, t), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void OnArrived(int piece, Task<ReceivedBlock> fetched)
    {
        lock (_gate)
        {
            _requesting = false;
            if (fetched.IsCompletedSuccessfully)
            {
                var block = fetched.Result;
                var problem = Check(block);
                if (problem is null && _error is null && !IsDisposed)
                {
                    _held++;
                    _ready.Enqueue(block);
                }
                else
                {
                    _onBuffered(-block.Length);
                    block.Dispose();
                    _error ??= problem;
                }
            }
            else
            {
                _error ??= Failure(fetched.Exception?.GetBaseException() ?? new OperationCanceledException());
            }
        }

        _arrived.Release();
        if (_error is { } error)
        {
            _firstPiece.TrySetException(error);
            _allArrived.TrySetResult();
            return;
        }

        if (piece == 0)
        {
            _firstPiece.TrySetResult();
        }

        if (piece == _pieceCount - 1)
        {
            _allArrived.TrySetResult();
        }

        RequestNext();
    }

    private FetchFailedException? Check(ReceivedBlock piece)
    {
        if (piece.BlockLength != _request.Size)
        {
            return Failure(new InvalidDataException($"the block has {piece.BlockLength} bytes now, not the {_request.Size} its map status reported: the map output was rewritten"));
        }

        _version ??= piece.Version;
        return piece.Version == _version
            ? null
            : Failure(new InvalidDataException("the block was rewritten between two of its pieces"));
    }

    private FetchFailedException Failure(Exception cause) => NetworkBlockFetcher.FetchFailed(_request, _address, cause);

    protected override ReceivedBlock? NextPiece()
    {
        while (true)
        {
            if (TryTake(out var piece))
            {
                return piece;
            }

            _arrived.Wait(_cancel.Token);
        }
    }

    protected override async ValueTask<ReceivedBlock?> NextPieceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTake(out var piece))
            {
                return piece;
            }

            await _arrived.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True with the next piece, or with null after the last; false when it has not arrived yet. Throws the stream's error.</summary>
    private bool TryTake(out ReceivedBlock? piece)
    {
        lock (_gate)
        {
            if (_error is { } error)
            {
                throw error;
            }

            if (_taken == _pieceCount)
            {
                piece = null;
                return true;
            }

            if (_ready.TryDequeue(out piece))
            {
                _taken++;
                return true;
            }

            return false;
        }
    }

    protected override void OnPieceReleased(ReceivedBlock piece)
    {
        _onBuffered(-piece.Length);
        lock (_gate)
        {
            _held--;
        }

        RequestNext();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        _cancel.Cancel();
        List<ReceivedBlock> unread;
        lock (_gate)
        {
            unread = [.. _ready];
            _ready.Clear();
        }

        foreach (var piece in unread)
        {
            _onBuffered(-piece.Length);
            piece.Dispose();
        }

        _allArrived.TrySetResult();
        _firstPiece.TrySetException(new ObjectDisposedException(nameof(PiecedBlockStream)));
        _ = _firstPiece.Task.Exception;
        _release();
    }
}
