namespace Kiln.Execution.Shuffle;

/// <summary>
/// A fetched block: a read-only stream of its bytes (a sequence of <see cref="Spill.BatchFrames"/> frames).
/// Disposing the block closes the stream.
/// </summary>
public sealed class FetchedBlock : IDisposable
{
    public FetchedBlock(BlockRequest request, Stream data)
    {
        Request = request ?? throw new ArgumentNullException(nameof(request));
        Data = data ?? throw new ArgumentNullException(nameof(data));
    }

    public BlockRequest Request { get; }

    public ShuffleBlockId BlockId => Request.BlockId;

    public Stream Data { get; }

    public void Dispose() => Data.Dispose();
}
