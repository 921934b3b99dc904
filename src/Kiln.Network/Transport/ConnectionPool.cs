namespace Kiln.Network.Transport;

/// <summary>
/// Client connections by address: one shared connection per peer, opened on first use and reopened on the next
/// use after it closed (reconnect on demand). Concurrent callers for the same peer share one connect attempt.
/// </summary>
/// <remarks>Thread-safe. Disposing closes every connection; pending calls on them fail.</remarks>
internal sealed class ConnectionPool : IAsyncDisposable
{
    private readonly NetworkOptions _options;
    private readonly IInboundHandler? _handler;
    private readonly Lock _gate = new();
    private readonly Dictionary<NetworkAddress, Task<Connection>> _connections = [];
    private readonly CancellationTokenSource _disposed = new();

    /// <param name="handler">Serves requests the peers send back over these connections; null refuses them.</param>
    public ConnectionPool(NetworkOptions options, IInboundHandler? handler)
    {
        _options = options;
        _handler = handler;
    }

    /// <exception cref="PeerUnavailableException">The peer cannot be reached.</exception>
    /// <exception cref="HandshakeException">The peer refused this process.</exception>
    public async ValueTask<Connection> GetAsync(NetworkAddress address, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<Connection> pending;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
                if (!_connections.TryGetValue(address, out pending!) || IsDead(pending))
                {
                    pending = Connector.ConnectAsync(address, _options, _handler, _disposed.Token);
                    _connections[address] = pending;
                }
            }

            var connection = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (connection.IsOpen)
            {
                return connection;
            }
        }
    }

    private static bool IsDead(Task<Connection> pending) =>
        pending.IsFaulted || pending.IsCanceled || (pending.IsCompletedSuccessfully && !pending.Result.IsOpen);

    public async ValueTask DisposeAsync()
    {
        List<Task<Connection>> all;
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            all = [.. _connections.Values];
            _connections.Clear();
        }

        foreach (var pending in all)
        {
            try
            {
                await (await pending.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is NetworkException or OperationCanceledException)
            {
            }
        }

        _disposed.Dispose();
    }
}
