using Kiln.Network.Transport;

namespace Kiln.Network.Rpc;

/// <summary>What a handler knows about the call it is serving.</summary>
/// <remarks>Valid during and after the handler; <see cref="CallerEndpoint"/> refs stay usable while the connection is open.</remarks>
public sealed class RpcCallContext
{
    private readonly Connection _connection;

    internal RpcCallContext(Connection connection, string endpoint, TimeSpan? callerTimeout)
    {
        _connection = connection;
        Endpoint = endpoint;
        CallerTimeout = callerTimeout;
    }

    /// <summary>The caller's address as seen by this process (its connection's source address and port).</summary>
    public NetworkAddress RemoteAddress => _connection.RemoteAddress;

    /// <summary>The endpoint the message was addressed to.</summary>
    public string Endpoint { get; }

    /// <summary>How long the caller waits for the answer; null for one-way messages.</summary>
    public TimeSpan? CallerTimeout { get; }

    /// <summary>
    /// A reference to endpoint <paramref name="name"/> in the caller's process, reached over the connection this
    /// message came on: the driver talks back to an executor without connecting to it. It fails with
    /// <see cref="PeerUnavailableException"/> once that connection is closed (it is not reopened).
    /// </summary>
    public RpcEndpointRef CallerEndpoint(string name) => RpcEndpointRef.OverConnection(_connection, name);
}
