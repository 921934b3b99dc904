namespace Kiln.Network.Transport;

/// <summary>Receives the requests a peer sends on a <see cref="Connection"/>: Request, OneWay and FetchBlocks frames.</summary>
internal interface IInboundHandler
{
    /// <summary>
    /// Called on the connection's read loop. Must not block: decode the payload (valid only during the call),
    /// then run the work on the thread pool and answer through <paramref name="connection"/>.
    /// </summary>
    void OnRequest(Connection connection, in FrameHeader header, ReadOnlySpan<byte> payload);
}
