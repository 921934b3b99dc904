using Kiln.Network.Transport;
using Microsoft.Extensions.Logging;

namespace Kiln.Network.Blocks;

/// <summary>
/// Serves an executor's blocks (its shuffle files, through an <see cref="IBlockSource"/>) to reducers on other
/// executors, on its own port. Connections are authenticated like RPC ones (<see cref="Handshake"/>); each
/// request names byte ranges of blocks, answered in order as streams of chunks (see <see cref="Connection"/>).
/// </summary>
/// <remarks>Thread-safe. Disposing stops accepting and closes every connection (fetches in progress fail).</remarks>
public sealed class BlockTransferServer : IAsyncDisposable
{
    private readonly NetworkServer _server;

    private BlockTransferServer(NetworkServer server) => _server = server;

    /// <summary>Where reducers fetch from: put it in the map statuses this executor reports.</summary>
    public NetworkAddress Address => _server.Address;

    internal int ConnectionCount => _server.ConnectionCount;

    /// <param name="bind">Host and port to listen on; port 0 picks a free port.</param>
    public static BlockTransferServer Start(IBlockSource source, NetworkAddress bind, NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var service = new BlockService(source, options.LoggerFactory.CreateLogger("Kiln.Network.Blocks"));
        return new BlockTransferServer(NetworkServer.Start("block transfer", bind, options, new InboundRouter(null, service)));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
