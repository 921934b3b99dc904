namespace Kiln.Network.Transport;

/// <summary>
/// The receiving end of one pending call or block stream on a <see cref="Connection"/>, registered under its id.
/// Every method is called on the connection's read loop (except <see cref="OnClosed"/>, which may come from any
/// thread once) and must not block.
/// </summary>
internal interface IResponseSink
{
    /// <summary>A Response or BlockHeader frame for this id; the payload is valid only during the call.</summary>
    void OnFrame(in FrameHeader header, ReadOnlySpan<byte> payload);

    /// <summary>Where to read a BlockChunk payload of <c>header.Length</c> bytes; an empty buffer discards it.</summary>
    Memory<byte> ChunkBuffer(in FrameHeader header);

    /// <summary>The buffer from <see cref="ChunkBuffer"/> has been filled.</summary>
    void OnChunk(in FrameHeader header);

    /// <summary>The connection closed before this sink completed.</summary>
    void OnClosed(Exception reason);
}
