using Kiln.Execution.Spill;
using Kiln.Network.Blocks;
using Microsoft.Win32.SafeHandles;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// Serves this executor's shuffle blocks to a <see cref="BlockTransferServer"/>: block names <c>shuffle_S_M_R</c>
/// resolve to byte ranges of the map output files in the executor's <see cref="DiskBlockManager"/>.
/// <code>
///   var server = BlockTransferServer.Start(new ShuffleBlockSource(disk), new NetworkAddress(host, 0), options);
///   environment = environment with { BlockServer = server.Address };   // reported in every MapStatus
/// </code>
/// </summary>
/// <remarks>Thread-safe. Reads go straight to the files with positional reads; nothing is cached.</remarks>
public sealed class ShuffleBlockSource : IBlockSource
{
    private readonly DiskBlockManager _disk;

    public ShuffleBlockSource(DiskBlockManager disk) => _disk = disk ?? throw new ArgumentNullException(nameof(disk));

    public async ValueTask<IBlockHandle> OpenAsync(string blockId, CancellationToken cancellationToken)
    {
        if (!ShuffleBlockId.TryParse(blockId, out var id))
        {
            throw new BlockNotFoundException(blockId, $"'{blockId}' is not a shuffle block name (shuffle_S_M_R)");
        }

        try
        {
            var located = await ShuffleBlockFiles.OpenAsync(_disk, id, cancellationToken).ConfigureAwait(false);
            return new Handle(located);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlockNotFoundException(blockId, $"block {blockId} is not on this executor: its map output file is missing", e);
        }
        catch (InvalidDataException e)
        {
            throw new IOException($"block {blockId}: {e.Message}", e);
        }
    }

    private sealed class Handle(ShuffleBlockFiles.Located located) : IBlockHandle
    {
        private readonly SafeFileHandle _data = located.Data;

        public long Length => located.Length;

        public long Version => located.Version;

        public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var n = (int)Math.Min(buffer.Length, Math.Max(0, located.Length - offset));
            return n == 0 ? ValueTask.FromResult(0) : RandomAccess.ReadAsync(_data, buffer[..n], located.Start + offset, cancellationToken);
        }

        public void Dispose() => _data.Dispose();
    }
}
