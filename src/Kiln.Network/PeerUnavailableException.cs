namespace Kiln.Network;

/// <summary>
/// The peer cannot be reached (connection refused, timed out, unresolvable) or the connection was lost while a
/// call or fetch was pending (the peer died, closed the connection or the network failed).
/// </summary>
public sealed class PeerUnavailableException : NetworkException
{
    public PeerUnavailableException(NetworkAddress address, string? endpoint, string message, Exception? inner = null)
        : base(address, endpoint, message, inner)
    {
    }
}
