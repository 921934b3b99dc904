using Kiln.Network.Blocks;

namespace Kiln.Execution.Shuffle;

/// <summary>A block that arrived in one piece; <paramref name="release"/> runs once, when it is read through or disposed.</summary>
internal sealed class WholeBlockStream(ReceivedBlock block, Action release) : ReceivedBytesStream(block.Length)
{
    private ReceivedBlock? _unread = block;
    private int _released;

    protected override ReceivedBlock? NextPiece()
    {
        var piece = _unread;
        _unread = null;
        return piece;
    }

    protected override ValueTask<ReceivedBlock?> NextPieceAsync(CancellationToken cancellationToken) => ValueTask.FromResult(NextPiece());

    protected override void OnPieceReleased(ReceivedBlock piece) => Release();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _unread is { } unread)
        {
            _unread = null;
            unread.Dispose();
        }

        Release();
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }
}
