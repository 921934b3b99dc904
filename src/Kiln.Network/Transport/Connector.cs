using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Kiln.Network.Transport;

/// <summary>Opens client connections: TCP connect, TLS when configured, then the <see cref="Handshake"/>, all within <c>kiln.network.timeout</c>.</summary>
internal static class Connector
{
    /// <exception cref="PeerUnavailableException">The peer cannot be reached in time.</exception>
    /// <exception cref="HandshakeException">The peer was reached but refused this process or is not a compatible Kiln endpoint.</exception>
    public static async Task<Connection> ConnectAsync(NetworkAddress address, NetworkOptions options, IInboundHandler? handler, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        Stream? stream = null;
        try
        {
            SocketTuning.Apply(socket);
            try
            {
                await socket.ConnectAsync(address.Host, address.Port, linked.Token).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new PeerUnavailableException(address, null, $"cannot connect to {address}: {e.SocketErrorCode}", e);
            }

            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                try
                {
                    await ssl.AuthenticateAsClientAsync(
                        new SslClientAuthenticationOptions
                        {
                            TargetHost = address.Host,
                            RemoteCertificateValidationCallback = (_, certificate, _, errors) => tls.ValidateServer(certificate, errors),
                        },
                        linked.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AuthenticationException or IOException)
                {
                    throw new HandshakeException(
                        address,
                        $"the TLS handshake with {address} failed: {e.Message}; check that TLS is on at both ends and that the server's certificate is trusted (kiln.network.tls.trustFile)",
                        e);
                }
            }

            await Handshake.RunClientAsync(stream, address, options, linked.Token).ConfigureAwait(false);
            var connection = new Connection(stream, address, options, handler, "client");
            stream = null;
            connection.Start();
            return connection;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PeerUnavailableException(address, null, $"connecting to {address} did not complete within {options.ConnectTimeout.TotalSeconds:0.###}s (kiln.network.timeout)", e);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else if (!socket.Connected)
            {
                socket.Dispose();
            }
        }
    }
}
