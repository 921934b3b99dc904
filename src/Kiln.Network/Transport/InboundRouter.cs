using Google.Protobuf;
using Kiln.Network.Protocol;

namespace Kiln.Network.Transport;

/// <summary>Sends RPC frames to the RPC handler and FetchBlocks frames to the block handler; a missing service answers with an error.</summary>
internal sealed class InboundRouter : IInboundHandler
{
    private readonly IInboundHandler? _rpc;
    private readonly IInboundHandler? _blocks;

    public InboundRouter(IInboundHandler? rpc, IInboundHandler? blocks)
    {
        _rpc = rpc;
        _blocks = blocks;
    }

    public void OnRequest(Connection connection, in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.Type == FrameType.FetchBlocks)
        {
            if (_blocks is not null)
            {
                _blocks.OnRequest(connection, header, payload);
            }
            else
            {
                RefuseBlocks(connection, header.Id, FetchBlocksRequest.Parser.ParseFrom(payload).Ranges.Count);
            }
        }
        else if (_rpc is not null)
        {
            _rpc.OnRequest(connection, header, payload);
        }
        else if (header.Type == FrameType.Request)
        {
            var error = new RpcResponse { Error = new RpcError { Code = RpcErrorCode.NoSuchEndpoint, Message = "this port serves shuffle blocks only, not RPC" } };
            _ = Send(connection, FrameType.Response, FrameFlags.None, header.Id, error);
        }
    }

    private static void RefuseBlocks(Connection connection, long firstId, int count)
    {
        var error = new BlockHeader { Error = new BlockError { Code = BlockErrorCode.NoBlockService, Message = "this port serves RPC only, not shuffle blocks" } };
        for (var i = 0; i < count; i++)
        {
            _ = Send(connection, FrameType.BlockHeader, FrameFlags.End, firstId + i, error);
        }
    }

    private static async Task Send(Connection connection, FrameType type, FrameFlags flags, long id, IMessage message)
    {
        try
        {
            await connection.SendAsync(type, flags, id, message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PeerUnavailableException)
        {
        }
    }
}
