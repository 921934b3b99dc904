namespace Kiln.Network.Transport;

/// <summary>What a frame carries; see <see cref="FrameHeader"/> for the layout and <see cref="Connection"/> for the flows.</summary>
internal enum FrameType : byte
{
    // Handshake (only before authentication completes; payloads of at most Handshake.MaxFramePayload bytes).
    ClientHello = 1,
    ServerHello = 2,
    ClientProof = 3,
    HandshakeResult = 4,

    // RPC. Id = the caller's call id (0 for one-way). Payload: RpcRequest / RpcResponse.
    Request = 16,
    OneWay = 17,
    Response = 18,

    /// <summary>The caller gave up on its call or fetch <c>Id</c>; the callee cancels the work. No payload.</summary>
    Cancel = 19,

    // Block transfer. FetchBlocks id R: FetchBlocksRequest; range i is answered on stream id R + i.
    FetchBlocks = 32,

    /// <summary>Payload: BlockHeader (length or error). Flag End when no chunk follows.</summary>
    BlockHeader = 33,

    /// <summary>Payload: raw block bytes. Flag End on the range's last chunk.</summary>
    BlockChunk = 34,
}
