using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Kiln.Network.Transport;

/// <summary>
/// Accepts connections on one TCP port: TLS when configured, then the <see cref="Handshake"/>; refused peers
/// are logged (with the reason) and disconnected, accepted ones become <see cref="Connection"/>s whose requests
/// go to the given handler.
/// </summary>
/// <remarks>Thread-safe. Disposing stops accepting and closes every accepted connection.</remarks>
internal sealed class NetworkServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly NetworkOptions _options;
    private readonly IInboundHandler _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private readonly Task _acceptLoop;

    private NetworkServer(Socket listener, NetworkAddress address, NetworkOptions options, IInboundHandler handler, ILogger logger)
    {
        _listener = listener;
        Address = address;
        _options = options;
        _handler = handler;
        _logger = logger;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The address peers connect to: the bound host (or this machine's name for a wildcard bind) and the actual port.</summary>
    public NetworkAddress Address { get; }

    public int ConnectionCount => _connections.Count;

    /// <param name="service">What the server is for, for the log ("rpc", "block transfer").</param>
    /// <param name="bind">Host (or IP, 0.0.0.0 for all) and port to listen on; port 0 picks a free one.</param>
    public static NetworkServer Start(string service, NetworkAddress bind, NetworkOptions options, IInboundHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Tls is { Certificate: null })
        {
            throw new ArgumentException("TLS is on but no server certificate is configured (kiln.network.tls.certFile, kiln.network.tls.keyFile)", nameof(options));
        }

        var ip = IPAddress.TryParse(bind.Host, out var parsed) ? parsed : Dns.GetHostAddresses(bind.Host)[0];
        var listener = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(ip, bind.Port));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var host = ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) ? Dns.GetHostName() : bind.Host;
        var logger = options.LoggerFactory.CreateLogger("Kiln.Network.Server");
        var server = new NetworkServer(listener, new NetworkAddress(host, port), options, handler, logger);
        NetworkLog.Listening(logger, service, server.Address, options.Tls is not null);
        return server;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                NetworkLog.AcceptFailed(_logger, e);
                continue;
            }

            _ = Task.Run(() => AcceptAsync(socket));
        }
    }

    private async Task AcceptAsync(Socket socket)
    {
        var remoteEndPoint = socket.RemoteEndPoint as IPEndPoint;
        var remote = remoteEndPoint is null ? new NetworkAddress("?", 0) : new NetworkAddress(remoteEndPoint.Address.ToString(), remoteEndPoint.Port);
        SocketTuning.Apply(socket);
        Stream? stream = new NetworkStream(socket, ownsSocket: true);
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, timeout.Token);
        try
        {
            if (_options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                try
                {
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = tls.Certificate }, linked.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AuthenticationException or IOException)
                {
                    throw new ConnectionRefusedException("the TLS handshake failed (is TLS on at both ends, and does the peer trust this certificate?)", e);
                }
            }

            await Handshake.RunServerAsync(stream, _options, linked.Token).ConfigureAwait(false);
            var connection = new Connection(stream, remote, _options, _handler, "server");
            stream = null;
            _connections[connection] = 0;
            _ = connection.Closed.ContinueWith(_ => _connections.TryRemove(connection, out var _), TaskScheduler.Default);
            if (_stop.IsCancellationRequested)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return;
            }

            connection.Start();
        }
        catch (ConnectionRefusedException e)
        {
            NetworkLog.ConnectionRefused(_logger, remote, e.Message, e.InnerException);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            NetworkLog.ConnectionRefused(_logger, remote, "the handshake did not complete within kiln.network.timeout", null);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        foreach (var connection in _connections.Keys)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

    }
}
