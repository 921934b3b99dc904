using System.Buffers;
using Google.Protobuf;
using Kiln.Network.Protocol;
using Kiln.Network.Transport;

namespace Kiln.Network.Blocks;

/// <summary>
/// Receives one range of a FetchBlocks request: its BlockHeader, then chunks read by the connection straight
/// into pooled buffers, until the End flag. Completes with a <see cref="ReceivedBlock"/> or fails (error header,
/// malformed stream, lost connection, cancellation), returning its buffers.
/// </summary>
/// <remarks>
/// Frame callbacks come from the connection's read loop; <see cref="Fail"/> may come from any thread. A buffer
/// lent to the read loop (<see cref="ChunkBuffer"/>) is only returned to the pool after the loop hands it back.
/// </remarks>
internal sealed class RangeReceiver : IResponseSink
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<ReceivedBlock> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Connection _connection;
    private readonly long _streamId;
    private readonly BlockRangeRequest _range;
    private readonly Action<long>? _onBytes;
    private readonly List<(byte[] Buffer, int Length)> _chunks = [];
    private byte[]? _lent;
    private long _received;
    private long _blockLength;
    private long _version;
    private bool _headerSeen;
    private bool _finished;

    public RangeReceiver(Connection connection, long streamId, BlockRangeRequest range, Action<long>? onBytes)
    {
        _connection = connection;
        _streamId = streamId;
        _range = range;
        _onBytes = onBytes;
    }

    public Task<ReceivedBlock> Task => _done.Task;

    public void OnFrame(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        BlockHeader message;
        try
        {
            message = BlockHeader.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            Fail(Malformed("an undecodable block header"));
            return;
        }

        if (message.Error is { } error)
        {
            Fail(new BlockFetchException(_connection.RemoteAddress, _range.BlockId, error.Code, $"{_connection.RemoteAddress} cannot serve block {_range.BlockId}: {error.Message}"));
            return;
        }

        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            if (_headerSeen || message.Length != _range.Length)
            {
                Fail(Malformed(_headerSeen ? "a second header" : $"a header for {message.Length} bytes instead of {_range.Length}"));
                return;
            }

            _headerSeen = true;
            _blockLength = message.BlockLength;
            _version = message.Version;
        }

        if (header.IsEnd)
        {
            Finish();
        }
    }

    public Memory<byte> ChunkBuffer(in FrameHeader header)
    {
        lock (_gate)
        {
            if (_finished)
            {
                return Memory<byte>.Empty;
            }

            if (!_headerSeen || _received + header.Length > _range.Length || _lent is not null)
            {
                Fail(Malformed(_headerSeen ? "more bytes than requested" : "data before the header"));
                return Memory<byte>.Empty;
            }

            _lent = ArrayPool<byte>.Shared.Rent(header.Length);
            return _lent.AsMemory(0, header.Length);
        }
    }

    public void OnChunk(in FrameHeader header)
    {
        lock (_gate)
        {
            var buffer = _lent!;
            _lent = null;
            if (_finished)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return;
            }

            _chunks.Add((buffer, header.Length));
            _received += header.Length;
        }

        _onBytes?.Invoke(header.Length);
        if (header.IsEnd)
        {
            Finish();
        }
    }

    public void OnClosed(Exception reason) => Fail(reason);

    /// <summary>Fails the range unless it already completed; returns the buffers it holds.</summary>
    public void Fail(Exception reason)
    {
        long released;
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            foreach (var (buffer, _) in _chunks)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _chunks.Clear();
            released = _received;
        }

        _connection.RemoveSink(_streamId);
        if (released > 0)
        {
            _onBytes?.Invoke(-released);
        }

        _done.TrySetException(reason);

        // Whoever awaits the range still sees the failure; a range nobody awaits any more (its fetch gave up)
        // must not surface later as an unobserved task exception.
        _ = _done.Task.Exception;
    }

    private void Finish()
    {
        ReceivedBlock block;
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            if (_received != _range.Length)
            {
                Fail(Malformed($"{_received} bytes instead of {_range.Length}"));
                return;
            }

            _finished = true;
            block = new ReceivedBlock(_range, _blockLength, _version, [.. _chunks]);
            _chunks.Clear();
        }

        _connection.RemoveSink(_streamId);
        _done.TrySetResult(block);
    }

    private BlockFetchException Malformed(string what) =>
        new(_connection.RemoteAddress, _range.BlockId, BlockErrorCode.IoError, $"{_connection.RemoteAddress} sent a malformed stream for block {_range.BlockId}: {what}");
}
