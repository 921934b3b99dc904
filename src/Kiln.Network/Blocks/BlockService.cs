using System.Buffers;
using Google.Protobuf;
using Kiln.Network.Protocol;
using Kiln.Network.Transport;
using Microsoft.Extensions.Logging;

namespace Kiln.Network.Blocks;

/// <summary>
/// The serving half of block transfer: answers each FetchBlocks request by streaming its ranges in order, each
/// as a BlockHeader frame and BlockChunk frames read straight from the block source into the frame buffer.
/// </summary>
/// <remarks>Thread-safe; every request is served by its own task. A Cancel frame or a closed connection stops it.</remarks>
internal sealed class BlockService : IInboundHandler
{
    /// <summary>Largest chunk frame payload: big enough to stream at memory speed, small enough to interleave streams.</summary>
    public const int ChunkSize = 256 << 10;

    private readonly IBlockSource _source;
    private readonly ILogger _logger;

    public BlockService(IBlockSource source, ILogger logger)
    {
        _source = source;
        _logger = logger;
    }

    public void OnRequest(Connection connection, in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        FetchBlocksRequest request;
        try
        {
            request = FetchBlocksRequest.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException("undecodable FetchBlocks request", e);
        }

        var firstId = header.Id;
        var cancellation = connection.BeginInbound(firstId);
        _ = Task.Run(() => ServeAsync(connection, firstId, request, cancellation));
    }

    private async Task ServeAsync(Connection connection, long firstId, FetchBlocksRequest request, CancellationTokenSource cancellation)
    {
        var token = cancellation.Token;
        try
        {
            for (var i = 0; i < request.Ranges.Count && !token.IsCancellationRequested; i++)
            {
                await ServeRangeAsync(connection, firstId + i, request.Ranges[i], token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is PeerUnavailableException or OperationCanceledException)
        {
            // The fetcher is gone or gave up.
        }
        finally
        {
            connection.EndInbound(firstId, cancellation);
        }
    }

    private async Task ServeRangeAsync(Connection connection, long streamId, BlockRange range, CancellationToken token)
    {
        IBlockHandle block;
        try
        {
            block = await _source.OpenAsync(range.BlockId, token).ConfigureAwait(false);
        }
        catch (BlockNotFoundException e)
        {
            await SendErrorAsync(connection, streamId, BlockErrorCode.NotFound, e.Message, token).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            NetworkLog.BlockServeFailed(_logger, range.BlockId, connection.RemoteAddress, e);
            await SendErrorAsync(connection, streamId, BlockErrorCode.IoError, $"block {range.BlockId} cannot be read: {e.Message}", token).ConfigureAwait(false);
            return;
        }

        using (block)
        {
            if (range.Offset < 0 || range.Length < 0 || range.Offset > block.Length - range.Length)
            {
                var message = $"range [{range.Offset}, {range.Offset + range.Length}) is outside block {range.BlockId} of {block.Length} bytes";
                await SendErrorAsync(connection, streamId, BlockErrorCode.OutOfRange, message, token).ConfigureAwait(false);
                return;
            }

            var header = new BlockHeader { BlockLength = block.Length, Version = block.Version, Length = range.Length };
            await connection.SendAsync(FrameType.BlockHeader, range.Length == 0 ? FrameFlags.End : FrameFlags.None, streamId, header, token).ConfigureAwait(false);
            await SendChunksAsync(connection, streamId, range, block, token).ConfigureAwait(false);
        }
    }

    private async Task SendChunksAsync(Connection connection, long streamId, BlockRange range, IBlockHandle block, CancellationToken token)
    {
        var chunkSize = Math.Min(ChunkSize, connection.Options.MaxMessageSize);
        var buffer = ArrayPool<byte>.Shared.Rent(FrameHeader.Size + (int)Math.Min(chunkSize, range.Length));
        try
        {
            var position = range.Offset;
            var end = range.Offset + range.Length;
            while (position < end)
            {
                var n = (int)Math.Min(chunkSize, end - position);
                var filled = 0;
                while (filled < n)
                {
                    int got;
                    try
                    {
                        got = await block.ReadAsync(position + filled, buffer.AsMemory(FrameHeader.Size + filled, n - filled), token).ConfigureAwait(false);
                    }
                    catch (IOException e)
                    {
                        NetworkLog.BlockServeFailed(_logger, range.BlockId, connection.RemoteAddress, e);
                        got = 0;
                    }

                    if (got == 0)
                    {
                        // The stream has started: an error header on the same id ends it.
                        await SendErrorAsync(connection, streamId, BlockErrorCode.IoError, $"block {range.BlockId} ended or failed at byte {position + filled}", token).ConfigureAwait(false);
                        return;
                    }

                    filled += got;
                }

                position += n;
                await connection.SendChunkAsync(buffer, n, streamId, position == end ? FrameFlags.End : FrameFlags.None, token).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ValueTask SendErrorAsync(Connection connection, long streamId, BlockErrorCode code, string message, CancellationToken token) =>
        connection.SendAsync(FrameType.BlockHeader, FrameFlags.End, streamId, new BlockHeader { Error = new BlockError { Code = code, Message = message } }, token);
}
