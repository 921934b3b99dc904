namespace Kiln.Network;

/// <summary>
/// The connection was established but the handshake failed: the peer is not a Kiln endpoint, TLS is on at one
/// end only, or (subclasses) authentication or the protocol version was refused. Retrying does not help.
/// </summary>
public class HandshakeException : NetworkException
{
    public HandshakeException(NetworkAddress address, string message, Exception? inner = null)
        : base(address, null, message, inner)
    {
    }
}
