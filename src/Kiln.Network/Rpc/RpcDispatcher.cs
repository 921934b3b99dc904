using System.Collections.Concurrent;
using System.Threading.Channels;
using Google.Protobuf;
using Kiln.Network.Protocol;
using Kiln.Network.Transport;
using Microsoft.Extensions.Logging;

namespace Kiln.Network.Rpc;

/// <summary>
/// Routes Request and OneWay frames to the registered endpoints' handlers and sends the answers. A sequential
/// endpoint has an inbox drained by one loop (arrival order, one message at a time); a concurrent one runs each
/// message on the thread pool.
/// </summary>
/// <remarks>Thread-safe. Handler failures become error answers (and a log line); they never close the connection.</remarks>
internal sealed class RpcDispatcher : IInboundHandler, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public RpcDispatcher(ILogger logger) => _logger = logger;

    public void Register(string name, RpcHandlers handlers)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handlers);
        var endpoint = new Endpoint(name, handlers, this);
        if (!_endpoints.TryAdd(name, endpoint))
        {
            throw new InvalidOperationException($"an RPC endpoint named '{name}' is already registered");
        }
    }

    public async ValueTask<bool> UnregisterAsync(string name)
    {
        if (!_endpoints.TryRemove(name, out var endpoint))
        {
            return false;
        }

        await endpoint.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    public void OnRequest(Connection connection, in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        RpcRequest request;
        try
        {
            request = RpcRequest.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException("undecodable RPC request", e);
        }

        var call = new Call(connection, header.Type == FrameType.Request ? header.Id : 0, request);
        if (!_endpoints.TryGetValue(request.Endpoint, out var endpoint))
        {
            Refuse(call, RpcErrorCode.NoSuchEndpoint, $"no RPC endpoint named '{request.Endpoint}' is registered in this process");
            return;
        }

        if (!endpoint.Handlers.TryGet(request.MessageType, out var handler))
        {
            Refuse(call, RpcErrorCode.NoSuchHandler, $"endpoint '{request.Endpoint}' has no handler for {request.MessageType}");
            return;
        }

        endpoint.Enqueue(call, handler);
    }

    private void Refuse(Call call, RpcErrorCode code, string message)
    {
        if (call.IsAsk)
        {
            _ = SendAsync(call, new RpcResponse { Error = new RpcError { Code = code, Message = message } });
        }
        else
        {
            NetworkLog.OneWayDropped(_logger, call.Request.Endpoint, call.Request.MessageType, call.Connection.RemoteAddress, message);
        }
    }

    private async Task InvokeAsync(Call call, RpcHandler handler)
    {
        var request = call.Request;
        var cancellation = call.Connection.BeginInbound(call.Id);
        RpcResponse response;
        try
        {
            var message = handler.Parser.ParseFrom(request.Body);
            var timeout = call.IsAsk && request.TimeoutMs > 0 ? TimeSpan.FromMilliseconds(request.TimeoutMs) : (TimeSpan?)null;
            var reply = await handler.Invoke(message, new RpcCallContext(call.Connection, request.Endpoint, timeout), cancellation.Token).ConfigureAwait(false)
                ?? new Ack();
            response = new RpcResponse { Reply = new RpcReply { MessageType = reply.Descriptor.FullName, Body = reply.ToByteString() } };
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The caller gave up or the connection closed: nobody waits for an answer.
            return;
        }
        catch (InvalidProtocolBufferException e)
        {
            response = Error(RpcErrorCode.BadRequest, e, $"undecodable {request.MessageType} message");
        }
        catch (Exception e)
        {
            NetworkLog.HandlerFailed(_logger, request.Endpoint, request.MessageType, e);
            response = Error(RpcErrorCode.HandlerFailed, e, e.Message);
        }
        finally
        {
            call.Connection.EndInbound(call.Id, cancellation);
        }

        if (call.IsAsk)
        {
            await SendAsync(call, response).ConfigureAwait(false);
        }
    }

    private static RpcResponse Error(RpcErrorCode code, Exception e, string message) =>
        new() { Error = new RpcError { Code = code, Message = message, ExceptionType = e.GetType().FullName ?? e.GetType().Name } };

    private static async Task SendAsync(Call call, RpcResponse response)
    {
        try
        {
            await call.Connection.SendAsync(FrameType.Response, FrameFlags.None, call.Id, response, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PeerUnavailableException)
        {
            // The caller is gone; its pending call has already failed.
        }
        catch (ArgumentException e)
        {
            // The reply is too large for a frame: tell the caller instead.
            await call.Connection.SendAsync(FrameType.Response, FrameFlags.None, call.Id, Error(RpcErrorCode.HandlerFailed, e, e.Message), CancellationToken.None)
                .ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _endpoints.Keys)
        {
            await UnregisterAsync(name).ConfigureAwait(false);
        }
    }

    private sealed record Call(Connection Connection, long Id, RpcRequest Request)
    {
        public bool IsAsk => Id != 0;
    }

    /// <summary>A registered endpoint and, when sequential, its inbox.</summary>
    private sealed class Endpoint : IAsyncDisposable
    {
        private readonly RpcDispatcher _dispatcher;
        private readonly Channel<(Call Call, RpcHandler Handler)>? _inbox;
        private readonly Task _loop = Task.CompletedTask;

        public Endpoint(string name, RpcHandlers handlers, RpcDispatcher dispatcher)
        {
            Name = name;
            Handlers = handlers;
            _dispatcher = dispatcher;
            if (handlers.Sequential)
            {
                _inbox = Channel.CreateUnbounded<(Call, RpcHandler)>(new UnboundedChannelOptions { SingleReader = true });
                _loop = Task.Run(DrainAsync);
            }
        }

        public string Name { get; }

        public RpcHandlers Handlers { get; }

        public void Enqueue(Call call, RpcHandler handler)
        {
            if (_inbox is null)
            {
                _ = Task.Run(() => _dispatcher.InvokeAsync(call, handler));
            }
            else if (!_inbox.Writer.TryWrite((call, handler)))
            {
                _dispatcher.Refuse(call, RpcErrorCode.ShuttingDown, $"endpoint '{Name}' is shutting down");
            }
        }

        private async Task DrainAsync()
        {
            await foreach (var (call, handler) in _inbox!.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await _dispatcher.InvokeAsync(call, handler).ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _inbox?.Writer.TryComplete();
            await _loop.ConfigureAwait(false);
        }
    }
}
