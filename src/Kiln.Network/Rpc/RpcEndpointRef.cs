using Google.Protobuf;
using Kiln.Network.Protocol;
using Kiln.Network.Transport;

namespace Kiln.Network.Rpc;

/// <summary>
/// A named endpoint in another process: ask it (request/response) or send it one-way messages. Refs from
/// <see cref="RpcEnv.EndpointRef"/> connect on demand and reconnect after a lost connection; refs from
/// <see cref="RpcCallContext.CallerEndpoint"/> use the caller's connection only.
/// </summary>
/// <remarks>
/// Thread-safe; calls may overlap freely and share one connection. Every failure is typed:
/// <see cref="PeerUnavailableException"/> (unreachable, or the connection was lost with the call pending),
/// <see cref="HandshakeException"/> (refused), <see cref="RpcTimeoutException"/>, <see cref="RpcRemoteException"/>
/// (the handler failed or does not exist); each names the endpoint and address.
/// </remarks>
public sealed class RpcEndpointRef
{
    private readonly Func<CancellationToken, ValueTask<Connection>> _connect;
    private readonly NetworkOptions _options;

    private RpcEndpointRef(NetworkAddress address, string name, NetworkOptions options, Func<CancellationToken, ValueTask<Connection>> connect)
    {
        Address = address;
        Name = name;
        _options = options;
        _connect = connect;
    }

    public NetworkAddress Address { get; }

    public string Name { get; }

    internal static RpcEndpointRef ViaPool(ConnectionPool pool, NetworkAddress address, string name, NetworkOptions options) =>
        new(address, name, options, token => pool.GetAsync(address, token));

    internal static RpcEndpointRef OverConnection(Connection connection, string name) =>
        new(connection.RemoteAddress, name, connection.Options, _ => connection.IsOpen
            ? ValueTask.FromResult(connection)
            : ValueTask.FromException<Connection>(connection.CloseReason ?? new PeerUnavailableException(connection.RemoteAddress, name, "the connection is closed")));

    /// <summary>Sends <paramref name="request"/> and waits for the answer, at most <paramref name="timeout"/> (default <c>kiln.rpc.askTimeout</c>).</summary>
    /// <remarks>On timeout or cancellation the callee is told to stop (its handler's token fires).</remarks>
    public async Task<TResponse> AskAsync<TResponse>(IMessage request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TResponse : IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = timeout ?? _options.AskTimeout;
        var type = request.Descriptor.FullName;
        using var timer = new CancellationTokenSource(limit, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        Connection? connection = null;
        long id = 0;
        try
        {
            connection = await _connect(linked.Token).ConfigureAwait(false);
            var call = new PendingCall();
            id = connection.ReserveIds(1);
            if (!connection.TryAddSink(id, call))
            {
                throw connection.CloseReason ?? new PeerUnavailableException(Address, Name, "the connection is closed");
            }

            var envelope = new RpcRequest { Endpoint = Name, MessageType = type, Body = request.ToByteString(), TimeoutMs = (long)limit.TotalMilliseconds };
            await connection.SendAsync(FrameType.Request, FrameFlags.None, id, envelope, linked.Token).ConfigureAwait(false);
            var response = await call.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            return Decode<TResponse>(response, type);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            CancelRemote(connection, id);
            throw new RpcTimeoutException(Address, Name, type, limit);
        }
        catch (OperationCanceledException)
        {
            CancelRemote(connection, id);
            throw;
        }
        catch (PeerUnavailableException e) when (e.Endpoint is null)
        {
            throw new PeerUnavailableException(Address, Name, $"RPC {type} to endpoint '{Name}' at {Address} failed: {e.Message}", e);
        }
        finally
        {
            connection?.RemoveSink(id);
        }
    }

    /// <summary>Sends a one-way message; completes once it is written to the connection (not when it is handled).</summary>
    public async Task SendAsync(IMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.Descriptor.FullName;
        try
        {
            var connection = await _connect(cancellationToken).ConfigureAwait(false);
            var envelope = new RpcRequest { Endpoint = Name, MessageType = type, Body = message.ToByteString() };
            await connection.SendAsync(FrameType.OneWay, FrameFlags.None, 0, envelope, cancellationToken).ConfigureAwait(false);
        }
        catch (PeerUnavailableException e) when (e.Endpoint is null)
        {
            throw new PeerUnavailableException(Address, Name, $"sending {type} to endpoint '{Name}' at {Address} failed: {e.Message}", e);
        }
    }

    public override string ToString() => $"{Name}@{Address}";

    private static void CancelRemote(Connection? connection, long id)
    {
        if (connection is not null && id != 0 && connection.IsOpen)
        {
            connection.RemoveSink(id);
            _ = connection.TrySendCancelAsync(id);
        }
    }

    private TResponse Decode<TResponse>(RpcResponse response, string requestType)
        where TResponse : IMessage<TResponse>, new()
    {
        if (response.ResultCase == RpcResponse.ResultOneofCase.Error)
        {
            var error = response.Error;
            var what = string.IsNullOrEmpty(error.ExceptionType) ? error.Message : $"{error.ExceptionType}: {error.Message}";
            throw new RpcRemoteException(Address, Name, error.Code, NullIfEmpty(error.ExceptionType), $"endpoint '{Name}' at {Address} failed to handle {requestType}: {what}");
        }

        var expected = new TResponse();
        if (response.Reply is not { } reply || reply.MessageType != expected.Descriptor.FullName)
        {
            throw new RpcRemoteException(
                Address, Name, RpcErrorCode.BadRequest, null,
                $"endpoint '{Name}' at {Address} answered {requestType} with {response.Reply?.MessageType ?? "nothing"}, not {expected.Descriptor.FullName}");
        }

        expected.MergeFrom(reply.Body);
        return expected;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
