using System.Buffers;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Kiln.Network.Transport;

/// <summary>
/// One authenticated TCP (optionally TLS) connection carrying <see cref="FrameHeader"/> frames in both
/// directions. Either side may send requests: a driver answers an executor over the connection the executor
/// opened, and block streams share the connection with calls.
/// <code>
///   caller side                                          callee side
///   Request   id=c  RpcRequest ─────────────────────────> dispatch to the endpoint's handler
///   Response  id=c  RpcResponse &lt;──────────────────────── (reply or error)
///   Cancel    id=c ─────────────────────────────────────> handler's token fires (timeout, caller cancelled)
///   OneWay    id=0  RpcRequest ─────────────────────────> handler, no answer
///   FetchBlocks id=R FetchBlocksRequest(n ranges) ──────> for i in 0..n-1, in order:
///   BlockHeader id=R+i (length | error) &lt;──────────────     header, then the range's bytes
///   BlockChunk  id=R+i bytes ... (End on the last) &lt;───     in chunks of at most 256 KiB
/// </code>
/// One read loop per connection demultiplexes frames: answers go to the <see cref="IResponseSink"/> registered
/// under their id (block chunks are read straight into the sink's buffer), requests to the
/// <see cref="IInboundHandler"/>. Writers take turns under a lock, one whole frame at a time.
/// </summary>
/// <remarks>
/// Thread-safe. When the connection fails or is closed, every pending sink gets <see cref="IResponseSink.OnClosed"/>
/// with a <see cref="PeerUnavailableException"/>, inbound handlers' tokens fire, and later sends throw; a closed
/// connection is never reopened (pools make a new one).
/// </remarks>
public sealed class Connection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly BufferedStream _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<long, IResponseSink> _sinks = [];
    private readonly Dictionary<long, CancellationTokenSource> _inbound = [];
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IInboundHandler? _handler;
    private readonly ILogger _logger;
    private readonly int _maxFrame;
    private long _nextId;
    private volatile Exception? _closeReason;
    private Task _readLoop = Task.CompletedTask;

    internal Connection(Stream stream, NetworkAddress remote, NetworkOptions options, IInboundHandler? handler, string role)
    {
        _stream = stream;
        _reader = new BufferedStream(stream, 64 << 10);
        RemoteAddress = remote;
        Options = options;
        _handler = handler;
        _maxFrame = options.MaxMessageSize;
        _logger = options.LoggerFactory.CreateLogger("Kiln.Network.Connection");
        Role = role;
    }

    public NetworkAddress RemoteAddress { get; }

    /// <summary>"client" when this process opened the connection, "server" when it accepted it.</summary>
    public string Role { get; }

    public bool IsOpen => _closeReason is null;

    /// <summary>Completes, with the reason, when the connection is closed.</summary>
    public Task<Exception> Closed => _closed.Task;

    internal NetworkOptions Options { get; }

    /// <summary>Why the connection closed; null while open.</summary>
    internal Exception? CloseReason => _closeReason;

    internal void Start()
    {
        NetworkLog.ConnectionOpened(_logger, RemoteAddress, Role);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Reserves <paramref name="count"/> consecutive ids for calls or block streams; returns the first.</summary>
    internal long ReserveIds(int count) => Interlocked.Add(ref _nextId, count) - count + 1;

    /// <summary>Registers the receiver of answers to <paramref name="id"/>; false when the connection is already closed.</summary>
    internal bool TryAddSink(long id, IResponseSink sink)
    {
        lock (_gate)
        {
            if (_closeReason is not null)
            {
                return false;
            }

            _sinks.Add(id, sink);
            return true;
        }
    }

    internal void RemoveSink(long id)
    {
        lock (_gate)
        {
            _sinks.Remove(id);
        }
    }

    /// <summary>
    /// Starts serving an inbound request: the returned source is cancelled when the peer sends Cancel for
    /// <paramref name="id"/> (it timed out or gave up) or when the connection closes. Dispose it with <see cref="EndInbound"/>.
    /// </summary>
    internal CancellationTokenSource BeginInbound(long id)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        lock (_gate)
        {
            if (id != 0)
            {
                _inbound[id] = source;
            }
        }

        return source;
    }

    internal void EndInbound(long id, CancellationTokenSource source)
    {
        lock (_gate)
        {
            if (id != 0 && _inbound.TryGetValue(id, out var current) && current == source)
            {
                _inbound.Remove(id);
            }
        }

        source.Dispose();
    }

    /// <summary>Sends one frame whose payload is a protobuf message (or nothing).</summary>
    /// <exception cref="PeerUnavailableException">The connection is closed or failed while writing.</exception>
    /// <exception cref="ArgumentException">The message exceeds <c>kiln.rpc.message.maxSize</c>.</exception>
    internal async ValueTask SendAsync(FrameType type, FrameFlags flags, long id, IMessage? message, CancellationToken cancellationToken)
    {
        var size = message?.CalculateSize() ?? 0;
        if (size > _maxFrame)
        {
            throw new ArgumentException(
                $"a {message!.Descriptor.Name} message of {size} bytes exceeds kiln.rpc.message.maxSize ({_maxFrame} bytes)", nameof(message));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(FrameHeader.Size + size);
        try
        {
            new FrameHeader(type, flags, id, size).Write(buffer);
            message?.WriteTo(buffer.AsSpan(FrameHeader.Size, size));
            await WriteFrameAsync(buffer.AsMemory(0, FrameHeader.Size + size), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Sends a BlockChunk frame whose payload is already in <paramref name="buffer"/> at offset
    /// <see cref="FrameHeader.Size"/>; the header is written in front of it, so the bytes are not copied.
    /// </summary>
    internal ValueTask SendChunkAsync(byte[] buffer, int payloadLength, long id, FrameFlags flags, CancellationToken cancellationToken)
    {
        new FrameHeader(FrameType.BlockChunk, flags, id, payloadLength).Write(buffer);
        return WriteFrameAsync(buffer.AsMemory(0, FrameHeader.Size + payloadLength), cancellationToken);
    }

    /// <summary>Tells the peer to stop work on <paramref name="id"/>; ignores a closed connection.</summary>
    internal async Task TrySendCancelAsync(long id)
    {
        try
        {
            await SendAsync(FrameType.Cancel, FrameFlags.None, id, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PeerUnavailableException)
        {
        }
    }

    private async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        // The caller's token only stops waiting for the lock: a frame is never abandoned half-written.
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closeReason is { } reason)
            {
                throw Unavailable(reason);
            }

            await _stream.WriteAsync(frame, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (e is PeerUnavailableException unavailable)
            {
                throw unavailable;
            }

            var reason = new PeerUnavailableException(RemoteAddress, null, $"the connection with {RemoteAddress} was lost while sending", e);
            Close(reason);
            throw Unavailable(_closeReason ?? reason);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private PeerUnavailableException Unavailable(Exception reason) =>
        reason as PeerUnavailableException ?? new PeerUnavailableException(RemoteAddress, null, $"the connection with {RemoteAddress} is closed", reason);

    private async Task ReadLoopAsync()
    {
        var headerBytes = new byte[FrameHeader.Size];
        Exception reason;
        try
        {
            while (true)
            {
                var got = await _reader.ReadAtLeastAsync(headerBytes, FrameHeader.Size, throwOnEndOfStream: false, _lifetime.Token).ConfigureAwait(false);
                if (got == 0)
                {
                    reason = new PeerUnavailableException(RemoteAddress, null, $"{RemoteAddress} closed the connection");
                    break;
                }

                if (got < FrameHeader.Size)
                {
                    throw new EndOfStreamException("the connection ended inside a frame header");
                }

                var header = FrameHeader.Read(headerBytes, _maxFrame);
                if (header.Type == FrameType.BlockChunk)
                {
                    await ReadChunkAsync(header).ConfigureAwait(false);
                }
                else
                {
                    await ReadFrameAsync(header).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            reason = _closeReason ?? new PeerUnavailableException(RemoteAddress, null, $"the connection with {RemoteAddress} was lost ({e.Message})", e);
        }

        Close(reason);
    }

    private async ValueTask ReadChunkAsync(FrameHeader header)
    {
        IResponseSink? sink;
        lock (_gate)
        {
            _sinks.TryGetValue(header.Id, out sink);
        }

        var buffer = sink?.ChunkBuffer(header) ?? Memory<byte>.Empty;
        if (buffer.Length != header.Length)
        {
            await SkipAsync(header.Length).ConfigureAwait(false);
            return;
        }

        await _reader.ReadExactlyAsync(buffer, _lifetime.Token).ConfigureAwait(false);
        sink!.OnChunk(header);
    }

    private async ValueTask ReadFrameAsync(FrameHeader header)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(header.Length);
        try
        {
            await _reader.ReadExactlyAsync(buffer.AsMemory(0, header.Length), _lifetime.Token).ConfigureAwait(false);
            Dispatch(header, buffer.AsSpan(0, header.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Dispatch(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        switch (header.Type)
        {
            case FrameType.Response:
            case FrameType.BlockHeader:
                IResponseSink? sink;
                lock (_gate)
                {
                    _sinks.TryGetValue(header.Id, out sink);
                }

                // No sink: the call timed out or was cancelled; its late answer is dropped.
                sink?.OnFrame(header, payload);
                break;
            case FrameType.Request:
            case FrameType.OneWay:
            case FrameType.FetchBlocks:
                if (_handler is null)
                {
                    throw new InvalidDataException($"{RemoteAddress} sent a {header.Type} frame on a connection that accepts no requests");
                }

                _handler.OnRequest(this, header, payload);
                break;
            case FrameType.Cancel:
                CancelInbound(header.Id);
                break;
            default:
                throw new InvalidDataException($"unexpected frame type {(int)header.Type} from {RemoteAddress}");
        }
    }

    private void CancelInbound(long id)
    {
        CancellationTokenSource? source;
        lock (_gate)
        {
            _inbound.Remove(id, out source);
        }

        try
        {
            source?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async ValueTask SkipAsync(int length)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Min(length, 64 << 10));
        try
        {
            while (length > 0)
            {
                var n = Math.Min(length, scratch.Length);
                await _reader.ReadExactlyAsync(scratch.AsMemory(0, n), _lifetime.Token).ConfigureAwait(false);
                length -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Closes the connection (idempotent): pending sinks fail with <paramref name="reason"/>.</summary>
    internal void Close(Exception reason)
    {
        List<IResponseSink> sinks;
        lock (_gate)
        {
            if (_closeReason is not null)
            {
                return;
            }

            _closeReason = reason;
            sinks = [.. _sinks.Values];
            _sinks.Clear();
            _inbound.Clear();
        }

        // Cancels pending reads and writes and every inbound handler's token (they are linked to it).
        _lifetime.Cancel();
        try
        {
            _reader.Dispose();
            _stream.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }

        foreach (var sink in sinks)
        {
            sink.OnClosed(reason);
        }

        NetworkLog.ConnectionClosed(_logger, RemoteAddress, reason.Message);
        _closed.TrySetResult(reason);
    }

    public async ValueTask DisposeAsync()
    {
        Close(new PeerUnavailableException(RemoteAddress, null, $"the connection with {RemoteAddress} was closed by this process"));
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }
}
