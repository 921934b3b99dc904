using System.Buffers;

namespace Kiln.Network.Blocks;

/// <summary>
/// A fetched block range held in memory as the chunks it arrived in (pooled buffers, never one large copy).
/// Disposing returns the buffers; the chunks must not be used afterwards.
/// </summary>
/// <remarks>Not thread-safe; one consumer reads it.</remarks>
public sealed class ReceivedBlock : IDisposable
{
    private readonly List<(byte[] Buffer, int Length)> _chunks;
    private bool _disposed;

    internal ReceivedBlock(BlockRangeRequest range, long blockLength, long version, List<(byte[] Buffer, int Length)> chunks)
    {
        Range = range;
        BlockLength = blockLength;
        Version = version;
        _chunks = chunks;
    }

    public BlockRangeRequest Range { get; }

    /// <summary>The whole block's length on the server (the range may be part of it).</summary>
    public long BlockLength { get; }

    /// <summary>The block's version on the server (see <see cref="IBlockHandle.Version"/>).</summary>
    public long Version { get; }

    public long Length => Range.Length;

    public int ChunkCount => _chunks.Count;

    public ReadOnlyMemory<byte> Chunk(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var (buffer, length) = _chunks[index];
        return buffer.AsMemory(0, length);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var (buffer, _) in _chunks)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _chunks.Clear();
    }
}
