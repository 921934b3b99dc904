using Kiln.Network.Transport;
using Microsoft.Extensions.Logging;

namespace Kiln.Network.Rpc;

/// <summary>
/// A process's RPC system: named endpoints served here, refs to endpoints elsewhere, and the connections
/// between them. The driver listens (<see cref="Listen"/>); an executor need not (<see cref="Create"/>): it
/// connects to the driver and the driver answers and sends it work over that same connection.
/// <code>
///  executor process                                             driver process
///  RpcEnv.Create(opts)                                          RpcEnv.Listen(opts, host:port)
///    .RegisterEndpoint("executor", handlers)                      .RegisterEndpoint("driver", handlers)
///  driver = env.EndpointRef(driverAddress, "driver")
///  driver.AskAsync(RegisterExecutor)
///    ├─ pool: no open connection ─> TCP connect ─> [TLS] ─> preamble + version ─> HMAC challenge/response
///    ├─ Request(id=7, RpcRequest{endpoint="driver", type, body}) ──────────────> driver inbox ─> handler
///    └─ awaits id 7 (timeout ─> Cancel(7) + RpcTimeoutException) &lt;── Response(id=7, reply | error)
///                                   handler: ctx.CallerEndpoint("executor") = ref over this connection
///  executor inbox &lt;─ OneWay(RpcRequest{endpoint="executor", LaunchTask}) ───── .SendAsync(LaunchTask)
///  connection lost: every pending call fails with PeerUnavailableException; the next call reconnects
/// </code>
/// Messages are protobuf types (see <c>Protos/cluster.proto</c> for the driver/executor protocol); the envelope
/// names the endpoint and the message's full type name, and the handler registered for that type decodes it.
/// </summary>
/// <remarks>
/// Thread-safe. Endpoints may be registered at any time; refs are cheap and may be created freely. Disposing
/// stops listening, closes every connection (pending calls fail on both sides) and stops the endpoints' inboxes.
/// </remarks>
public sealed class RpcEnv : IAsyncDisposable
{
    private readonly RpcDispatcher _dispatcher;
    private readonly ConnectionPool _pool;
    private readonly NetworkServer? _server;

    private RpcEnv(NetworkOptions options, NetworkAddress? bind)
    {
        Options = options;
        _dispatcher = new RpcDispatcher(options.LoggerFactory.CreateLogger("Kiln.Network.Rpc"));
        var router = new InboundRouter(_dispatcher, null);
        _pool = new ConnectionPool(options, router);
        if (bind is { } address)
        {
            _server = NetworkServer.Start("rpc", address, options, router);
        }
    }

    /// <summary>An RPC system that only connects out (an executor); peers still reach its endpoints over those connections.</summary>
    public static RpcEnv Create(NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RpcEnv(options, null);
    }

    /// <summary>An RPC system that also accepts connections on <paramref name="bind"/> (port 0 picks a free port; see <see cref="Address"/>).</summary>
    public static RpcEnv Listen(NetworkOptions options, NetworkAddress bind)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RpcEnv(options, bind);
    }

    public NetworkOptions Options { get; }

    /// <summary>Where peers reach this process; null when it does not listen.</summary>
    public NetworkAddress? Address => _server?.Address;

    /// <summary>Connections accepted by this process's server and still open.</summary>
    internal int ServerConnectionCount => _server?.ConnectionCount ?? 0;

    /// <summary>Serves <paramref name="handlers"/> as endpoint <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">The name is taken.</exception>
    public void RegisterEndpoint(string name, RpcHandlers handlers) => _dispatcher.Register(name, handlers);

    /// <summary>Stops serving an endpoint; messages already queued for it are dropped.</summary>
    public ValueTask<bool> UnregisterEndpointAsync(string name) => _dispatcher.UnregisterAsync(name);

    /// <summary>A ref to endpoint <paramref name="name"/> of the process at <paramref name="address"/>; connects on first use.</summary>
    public RpcEndpointRef EndpointRef(NetworkAddress address, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RpcEndpointRef.ViaPool(_pool, address, name, Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        await _pool.DisposeAsync().ConfigureAwait(false);
        await _dispatcher.DisposeAsync().ConfigureAwait(false);
    }
}
