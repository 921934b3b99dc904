using Google.Protobuf;
using Kiln.Network.Protocol;
using Kiln.Network.Transport;

namespace Kiln.Network.Rpc;

/// <summary>The caller's side of one outstanding call: completes with the Response frame or the connection's failure.</summary>
internal sealed class PendingCall : IResponseSink
{
    private readonly TaskCompletionSource<RpcResponse> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<RpcResponse> Task => _done.Task;

    public void OnFrame(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.Type != FrameType.Response)
        {
            _done.TrySetException(new InvalidDataException($"expected a Response frame for call {header.Id}, got {header.Type}"));
            return;
        }

        try
        {
            _done.TrySetResult(RpcResponse.Parser.ParseFrom(payload));
        }
        catch (InvalidProtocolBufferException e)
        {
            _done.TrySetException(new InvalidDataException("undecodable RPC response", e));
        }
    }

    public Memory<byte> ChunkBuffer(in FrameHeader header) => Memory<byte>.Empty;

    public void OnChunk(in FrameHeader header)
    {
    }

    public void OnClosed(Exception reason)
    {
        _done.TrySetException(reason);

        // The caller may have stopped waiting (timeout); the failure must not resurface as unobserved.
        _ = _done.Task.Exception;
    }
}
